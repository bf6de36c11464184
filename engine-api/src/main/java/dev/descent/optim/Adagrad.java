package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdagradCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * torch.optim.Adagrad (Duchi, Hazan and Singer 2011): each weight's step is divided by the root of
 * the sum of its squared gradients, with a learning rate that may decay with the step count.
 *
 * @param lr learning rate ≥ 0 (default 1e-2)
 * @param lrDecay ≥ 0: step {@code t} uses {@code lr / (1 + (t-1)·lr_decay)} (default 0)
 * @param weightDecay L2 coefficient ≥ 0 (default 0)
 * @param initialAccumulatorValue the value the sum of squares starts at, ≥ 0 (default 0)
 * @param eps added outside the square root, > 0 (default 1e-10)
 * @param maximize ascend the objective
 */
public record Adagrad(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
        boolean maximize) implements OptimizerSpec {

    public Adagrad {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.nonNegative("lr_decay", lrDecay);
        HyperCheck.nonNegative("weight_decay", weightDecay);
        HyperCheck.nonNegative("initial_accumulator_value", initialAccumulatorValue);
        HyperCheck.positive("eps", eps);
    }

    /** torch's defaults: lr 1e-2, no decay, accumulator starting at 0, eps 1e-10. */
    public static Adagrad defaults() {
        return new Adagrad(1e-2, 0, 0, 0, 1e-10, false);
    }

    /** From torch's names: {@code lr}, {@code lr_decay}, {@code weight_decay}, {@code initial_accumulator_value}, {@code eps}, {@code maximize}. */
    static Adagrad fromHyper(Hyper h) {
        Adagrad d = defaults();
        return new Adagrad(h.num("lr", d.lr()), h.num("lr_decay", d.lrDecay()), h.num("weight_decay", d.weightDecay()),
                h.num("initial_accumulator_value", d.initialAccumulatorValue()), h.num("eps", d.eps()),
                h.bool("maximize", d.maximize()));
    }

    /** The torch-named hyper-parameters {@link #fromHyper} reads back into this spec. */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "lr_decay", lrDecay, "weight_decay", weightDecay, "initial_accumulator_value",
                initialAccumulatorValue, "eps", eps, "maximize", maximize);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public Adagrad withLr(double lr) {
        return new Adagrad(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    /** Adagrad has no momentum-like parameter. */
    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.empty();
    }

    /** Always throws: Adagrad has no momentum-like parameter. */
    @Override
    public Adagrad withMomentum(double momentum) {
        throw OptimizerSpec.noMomentum(name());
    }

    public Adagrad withLrDecay(double lrDecay) {
        return new Adagrad(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Adagrad withWeightDecay(double weightDecay) {
        return new Adagrad(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Adagrad withInitialAccumulatorValue(double initialAccumulatorValue) {
        return new Adagrad(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Adagrad withEps(double eps) {
        return new Adagrad(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Adagrad withMaximize(boolean maximize) {
        return new Adagrad(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    /** State: {@code sum}, starting at {@code initial_accumulator_value}. */
    @Override
    public List<StateSpec> state() {
        return StateSpec.withInitial(StateSpec.all(AdagradCoefficients.LAYOUT), "sum", (float) initialAccumulatorValue);
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        double clr = lr / (1 + (ctx.step() - 1) * lrDecay);
        ctx.kernels().step(new AdagradCoefficients((float) clr, (float) eps, (float) weightDecay, maximize), ctx.clip(), params);
    }
}

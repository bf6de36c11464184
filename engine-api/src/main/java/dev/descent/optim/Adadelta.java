package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdadeltaCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * torch.optim.Adadelta (Zeiler 2012): the step is the ratio of two running root-mean-squares, of past
 * updates and of gradients, so that it carries the units of the weights; torch scales it by {@code lr}.
 *
 * @param lr scale of the update, ≥ 0 (default 1.0)
 * @param rho decay of both running averages, in [0, 1] (default 0.9)
 * @param eps added inside both square roots, > 0 (default 1e-6)
 * @param weightDecay L2 coefficient ≥ 0 (default 0)
 * @param maximize ascend the objective
 */
public record Adadelta(double lr, double rho, double eps, double weightDecay, boolean maximize)
        implements OptimizerSpec {

    public Adadelta {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.unitClosed("rho", rho);
        HyperCheck.positive("eps", eps);
        HyperCheck.nonNegative("weight_decay", weightDecay);
    }

    /** torch's defaults: lr 1.0, rho 0.9, eps 1e-6, no decay. */
    public static Adadelta defaults() {
        return new Adadelta(1.0, 0.9, 1e-6, 0, false);
    }

    /** From torch's names: {@code lr}, {@code rho}, {@code eps}, {@code weight_decay}, {@code maximize}. */
    static Adadelta fromHyper(Hyper h) {
        Adadelta d = defaults();
        return new Adadelta(h.num("lr", d.lr()), h.num("rho", d.rho()), h.num("eps", d.eps()),
                h.num("weight_decay", d.weightDecay()), h.bool("maximize", d.maximize()));
    }

    /** The torch-named hyper-parameters {@link #fromHyper} reads back into this spec. */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "rho", rho, "eps", eps, "weight_decay", weightDecay, "maximize", maximize);
    }

    @Override
    public String name() {
        return "adadelta";
    }

    @Override
    public Adadelta withLr(double lr) {
        return new Adadelta(lr, rho, eps, weightDecay, maximize);
    }

    /** Adadelta has no momentum-like parameter. */
    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.empty();
    }

    /** Always throws: Adadelta has no momentum-like parameter. */
    @Override
    public Adadelta withMomentum(double momentum) {
        throw OptimizerSpec.noMomentum(name());
    }

    public Adadelta withRho(double rho) {
        return new Adadelta(lr, rho, eps, weightDecay, maximize);
    }

    public Adadelta withEps(double eps) {
        return new Adadelta(lr, rho, eps, weightDecay, maximize);
    }

    public Adadelta withWeightDecay(double weightDecay) {
        return new Adadelta(lr, rho, eps, weightDecay, maximize);
    }

    public Adadelta withMaximize(boolean maximize) {
        return new Adadelta(lr, rho, eps, weightDecay, maximize);
    }

    /** State: {@code square_avg} (of gradients) and {@code acc_delta} (of updates), both from 0. */
    @Override
    public List<StateSpec> state() {
        return StateSpec.all(AdadeltaCoefficients.LAYOUT);
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        ctx.kernels().step(new AdadeltaCoefficients((float) lr, (float) rho, (float) (1 - rho), (float) eps,
                (float) weightDecay, maximize), ctx.clip(), params);
    }
}

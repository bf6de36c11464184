package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.RmspropCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * torch.optim.RMSprop (Hinton, Neural Networks for Machine Learning, lecture 6e; centered form after
 * Graves 2013): each weight's gradient is divided by a running root-mean-square of its recent
 * gradients, optionally with momentum on the normalised step.
 *
 * @param lr learning rate ≥ 0 (default 1e-2)
 * @param alpha decay of the running averages, in [0, 1] (default 0.99, torch's; Hinton's 0.9 in
 *     lecture 6e is another value)
 * @param eps added to the root, > 0 (default 1e-8)
 * @param weightDecay L2 coefficient ≥ 0 (default 0)
 * @param momentum μ ≥ 0 (default 0); the momentum-like parameter
 * @param centered divide by the root of the variance estimate {@code v - mean²} instead of {@code v}
 * @param maximize ascend the objective
 */
public record RmsProp(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
        boolean maximize) implements OptimizerSpec {

    public RmsProp {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.unitClosed("alpha", alpha);
        HyperCheck.positive("eps", eps);
        HyperCheck.nonNegative("weight_decay", weightDecay);
        HyperCheck.nonNegative("momentum", momentum);
    }

    /** torch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no decay, no momentum, not centered. */
    public static RmsProp defaults() {
        return new RmsProp(1e-2, 0.99, 1e-8, 0, 0, false, false);
    }

    /** From torch's names: {@code lr}, {@code alpha}, {@code eps}, {@code weight_decay}, {@code momentum}, {@code centered}, {@code maximize}. */
    static RmsProp fromHyper(Hyper h) {
        RmsProp d = defaults();
        return new RmsProp(h.num("lr", d.lr()), h.num("alpha", d.alpha()), h.num("eps", d.eps()),
                h.num("weight_decay", d.weightDecay()), h.num("momentum", d.momentum()),
                h.bool("centered", d.centered()), h.bool("maximize", d.maximize()));
    }

    /** The torch-named hyper-parameters {@link #fromHyper} reads back into this spec. */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "alpha", alpha, "eps", eps, "weight_decay", weightDecay, "momentum", momentum,
                "centered", centered, "maximize", maximize);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public RmsProp withLr(double lr) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.of(momentum);
    }

    @Override
    public RmsProp withMomentum(double momentum) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public RmsProp withAlpha(double alpha) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public RmsProp withEps(double eps) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public RmsProp withWeightDecay(double weightDecay) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public RmsProp withCentered(boolean centered) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public RmsProp withMaximize(boolean maximize) {
        return new RmsProp(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    /**
     * State: {@code square_avg}, {@code momentum_buffer}, {@code grad_avg}, all from 0. The last two
     * are allocated even when unused, so that a momentum schedule starting at 0 finds its buffer
     * (the kernel reads them only when μ > 0, respectively when centered).
     */
    @Override
    public List<StateSpec> state() {
        return StateSpec.all(RmspropCoefficients.LAYOUT);
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        ctx.kernels().step(new RmspropCoefficients((float) lr, (float) alpha, (float) (1 - alpha), (float) eps,
                (float) weightDecay, (float) momentum, centered, maximize), ctx.clip(), params);
    }
}

package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GainsCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Adaptive local gains (Hinton, Neural Networks for Machine Learning, lecture 6d; after Jacobs 1988):
 * each weight's step is the global rate times a gain of its own, raised additively by δ while the
 * gradient keeps its sign and cut multiplicatively by {@code 1 - δ} when it flips, so that gains
 * grow where progress is steady and shrink where the weight oscillates. Not a torch optimizer.
 *
 * @param lr global learning rate ε ≥ 0 (default 1e-2)
 * @param delta the gain increment δ, in (0, 1); a flip multiplies the gain by {@code 1 - δ} (default 0.05)
 * @param minGain lower clamp of the gains, in (0, 1] (default 0.1)
 * @param maxGain upper clamp of the gains, ≥ 1 (default 10)
 * @param momentum μ ≥ 0 (default 0 = plain {@code Δw = -ε·gain·g}); the momentum-like parameter
 * @param compareWithVelocity agreement means the velocity points downhill ({@code -g·v > 0}) rather
 *     than {@code g·g_prev > 0}, the variant for use with momentum
 * @param weightDecay L2 coefficient ≥ 0 (default 0)
 * @param maximize ascend the objective
 * @param shrinkOnZero where the product of the two gradients (or {@code -g·v}) is exactly 0, multiply the
 *     gain by {@code 1 - δ} as the "else" branch of the lecture's rule does (torch-style name
 *     {@code shrink_on_zero}); false (the default) leaves the gain unchanged there, since a zero gradient
 *     says nothing about oscillation
 */
public record Gains(double lr, double delta, double minGain, double maxGain, double momentum,
        boolean compareWithVelocity, double weightDecay, boolean maximize, boolean shrinkOnZero)
        implements OptimizerSpec {

    public Gains {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.unitOpen("delta", delta);
        // The gains start at 1, so the clamp range must contain 1.
        if (!(minGain > 0 && minGain <= 1)) {
            throw HyperCheck.invalid("min_gain", minGain, "(0, 1]");
        }
        if (!(maxGain >= 1) || Double.isInfinite(maxGain)) {
            throw HyperCheck.invalid("max_gain", maxGain, "[1, ∞)");
        }
        HyperCheck.nonNegative("momentum", momentum);
        HyperCheck.nonNegative("weight_decay", weightDecay);
    }

    /** Gains that leave a gain unchanged where the product of the gradients is exactly 0 (the default). */
    public Gains(double lr, double delta, double minGain, double maxGain, double momentum, boolean compareWithVelocity,
            double weightDecay, boolean maximize) {
        this(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, false);
    }

    /** Hinton's values (lecture 6d) and Descent's rate: lr 1e-2, δ 0.05 (gains ×0.95 on a flip), gains in [0.1, 10], no momentum. */
    public static Gains defaults() {
        return new Gains(1e-2, 0.05, 0.1, 10, 0, false, 0, false);
    }

    /** From torch-style names: {@code lr}, {@code delta}, {@code min_gain}, {@code max_gain}, {@code momentum}, {@code compare_with_velocity}, {@code weight_decay}, {@code maximize}, {@code shrink_on_zero}. */
    static Gains fromHyper(Hyper h) {
        Gains d = defaults();
        return new Gains(h.num("lr", d.lr()), h.num("delta", d.delta()), h.num("min_gain", d.minGain()),
                h.num("max_gain", d.maxGain()), h.num("momentum", d.momentum()),
                h.bool("compare_with_velocity", d.compareWithVelocity()), h.num("weight_decay", d.weightDecay()),
                h.bool("maximize", d.maximize()), h.bool("shrink_on_zero", d.shrinkOnZero()));
    }

    /** The torch-style hyper-parameters {@link #fromHyper} reads back into this spec. */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "delta", delta, "min_gain", minGain, "max_gain", maxGain, "momentum", momentum,
                "compare_with_velocity", compareWithVelocity, "weight_decay", weightDecay, "maximize", maximize,
                "shrink_on_zero", shrinkOnZero);
    }

    @Override
    public String name() {
        return "gains";
    }

    @Override
    public Gains withLr(double lr) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.of(momentum);
    }

    @Override
    public Gains withMomentum(double momentum) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    public Gains withDelta(double delta) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    public Gains withMinGain(double minGain) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    public Gains withMaxGain(double maxGain) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    public Gains withCompareWithVelocity(boolean compareWithVelocity) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    public Gains withWeightDecay(double weightDecay) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    public Gains withShrinkOnZero(boolean shrinkOnZero) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    public Gains withMaximize(boolean maximize) {
        return new Gains(lr, delta, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, shrinkOnZero);
    }

    /**
     * State: {@code gain} (1), {@code prev_grad} (0) and {@code velocity} (0). The velocity is
     * allocated even without momentum, so that a momentum schedule starting at 0 finds it.
     */
    @Override
    public List<StateSpec> state() {
        return StateSpec.all(GainsCoefficients.LAYOUT);
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        ctx.kernels().step(new GainsCoefficients((float) lr, (float) delta, (float) (1 - delta), (float) minGain,
                (float) maxGain, (float) momentum, compareWithVelocity, (float) weightDecay, maximize, shrinkOnZero), ctx.clip(), params);
    }
}

package dev.descent.optim.schedule;

import dev.descent.optim.HyperCheck;

/**
 * The momentum-like hyper-parameter of each step (SGD's momentum, Adam's β1, ...). Hinton's
 * advice (Neural Networks for Machine Learning, lecture 6c, "The momentum method"): start at 0.5 while the gradients are large and the velocity would overshoot, then raise
 * it to 0.9 or 0.99. {@code step} counts from 0 for the first step.
 */
@FunctionalInterface
public interface MomentumSchedule {

    /** The momentum for step {@code step} (0-based) given the group's configured value. */
    double momentum(double configured, long step);

    /** The configured value at every step. */
    static MomentumSchedule constant() {
        return (configured, step) -> configured;
    }

    /** {@code initial} for the first {@code switchStep} steps, then {@code finalMomentum}. */
    static MomentumSchedule switchAt(double initial, double finalMomentum, long switchStep) {
        HyperCheck.unitClosedOpen("initial momentum", initial);
        HyperCheck.unitClosedOpen("final momentum", finalMomentum);
        if (switchStep < 0) {
            throw new IllegalArgumentException("switch step = " + switchStep + " is invalid: must be in [0, ∞)");
        }
        return (configured, step) -> step < switchStep ? initial : finalMomentum;
    }

    /** Linear from {@code initial} at step 0 to {@code finalMomentum} at {@code rampSteps}, then constant. */
    static MomentumSchedule linearRamp(double initial, double finalMomentum, long rampSteps) {
        HyperCheck.unitClosedOpen("initial momentum", initial);
        HyperCheck.unitClosedOpen("final momentum", finalMomentum);
        if (rampSteps <= 0) {
            throw new IllegalArgumentException("ramp steps = " + rampSteps + " is invalid: must be in [1, ∞)");
        }
        return (configured, step) -> step >= rampSteps
                ? finalMomentum
                : initial + (finalMomentum - initial) * step / rampSteps;
    }

    /**
     * Hinton's schedule (Neural Networks for Machine Learning, lecture 6c): 0.5 for the first
     * {@code switchStep} steps, then 0.9.
     */
    static MomentumSchedule hinton(long switchStep) {
        return switchAt(0.5, 0.9, switchStep);
    }

    /**
     * The same schedule as {@link #hinton(long)}, under its first name.
     *
     * @deprecated named after its source now: use {@link #hinton(long)}
     */
    @Deprecated
    static MomentumSchedule course(long switchStep) {
        return hinton(switchStep);
    }
}

package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

/**
 * One step of adaptive local gains (Hinton, Neural Networks for Machine Learning, lecture 6d;
 * Jacobs 1988). State: {@code gain} (starts at 1), {@code prev_grad}; {@code velocity} when
 * {@code momentum > 0} or the sign is compared with the velocity.
 *
 * @param lr global learning rate ε
 * @param increment added to a gain when the signs agree (δ, 0.05)
 * @param decay multiplies a gain when they disagree ({@code 1 - δ}, 0.95)
 * @param minGain lower clamp
 * @param maxGain upper clamp
 * @param momentum μ; 0 means plain {@code Δw = -ε·gain·g}
 * @param compareWithVelocity agreement means the velocity points downhill ({@code g·v < 0}) instead of
 *     {@code g·g_prev > 0}
 * @param weightDecay L2 coefficient
 * @param maximize ascend instead of descend
 * @param shrinkOnZero an agreement of exactly 0 (or NaN) multiplies the gain by {@link #decay} too: the
 *     literal "else" branch of Hinton's lecture 6d rule; false leaves the gain unchanged then
 */
public record GainsCoefficients(float lr, float increment, float decay, float minGain, float maxGain, float momentum,
        boolean compareWithVelocity, float weightDecay, boolean maximize, boolean shrinkOnZero) implements Coefficients {

    /** The slots of {@code gains_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<GainsCoefficients> LAYOUT = KernelLayout.of("gains",
            state("gain", 1f),
            state("prev_grad", 0f),
            state("velocity", 0f, c -> c.momentum() > 0 || c.compareWithVelocity()));

    /** The scalars of a step that leaves a gain unchanged where the agreement is exactly 0. */
    public GainsCoefficients(float lr, float increment, float decay, float minGain, float maxGain, float momentum,
            boolean compareWithVelocity, float weightDecay, boolean maximize) {
        this(lr, increment, decay, minGain, maxGain, momentum, compareWithVelocity, weightDecay, maximize, false);
    }

    @Override
    public KernelLayout<GainsCoefficients> layout() {
        return LAYOUT;
    }
}

package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

/**
 * One RMSprop step. State: {@code square_avg}; {@code momentum_buffer} when {@code momentum > 0};
 * {@code grad_avg} when centered.
 *
 * @param lr learning rate
 * @param alpha decay of the running averages
 * @param oneMinusAlpha {@code 1 - alpha}
 * @param eps added to the root
 * @param weightDecay L2 coefficient
 * @param momentum μ; 0 disables the buffer
 * @param centered divide by the root of the variance estimate {@code v - mean²}
 * @param maximize ascend instead of descend
 */
public record RmspropCoefficients(float lr, float alpha, float oneMinusAlpha, float eps, float weightDecay,
        float momentum, boolean centered, boolean maximize) implements Coefficients {

    /** The slots of {@code rmsprop_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<RmspropCoefficients> LAYOUT = KernelLayout.of("rmsprop",
            state("square_avg", 0f),
            state("momentum_buffer", 0f, c -> c.momentum() > 0),
            state("grad_avg", 0f, RmspropCoefficients::centered));

    @Override
    public KernelLayout<RmspropCoefficients> layout() {
        return LAYOUT;
    }
}

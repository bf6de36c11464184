package dev.descent.kernel;

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
        float momentum, boolean centered, boolean maximize) {
}

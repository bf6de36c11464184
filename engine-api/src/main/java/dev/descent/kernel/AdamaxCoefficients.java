package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

/**
 * One Adamax step. State: {@code exp_avg}, {@code exp_inf}.
 *
 * @param clr {@code lr / (1 - β1^t)} (bias correction on the mean only)
 * @param beta1 β1
 * @param oneMinusBeta1 {@code 1 - β1}
 * @param beta2 β2, the decay of the infinity norm
 * @param eps inside the max: {@code u = max(β2·u, |g| + eps)}
 * @param weightDecay L2 coefficient
 * @param maximize ascend instead of descend
 */
public record AdamaxCoefficients(float clr, float beta1, float oneMinusBeta1, float beta2, float eps,
        float weightDecay, boolean maximize) implements Coefficients {

    /** The slots of {@code adamax_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<AdamaxCoefficients> LAYOUT = KernelLayout.of("adamax",
            state("exp_avg", 0f),
            state("exp_inf", 0f));

    @Override
    public KernelLayout<AdamaxCoefficients> layout() {
        return LAYOUT;
    }
}

package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

/**
 * One Adam or AdamW step. State: {@code exp_avg}, {@code exp_avg_sq}; {@code max_exp_avg_sq} with AMSGrad.
 *
 * @param stepSize {@code lr / (1 - β1^t)}
 * @param biasCorrection2Sqrt {@code sqrt(1 - β2^t)}
 * @param beta1 β1
 * @param oneMinusBeta1 {@code 1 - β1}
 * @param beta2 β2
 * @param oneMinusBeta2 {@code 1 - β2}
 * @param eps added to {@code sqrt(v̂)}
 * @param weightDecay L2 coefficient (Adam); 0 for AdamW
 * @param decayFactor {@code 1 - lr·weight_decay} applied to the parameter first (AdamW); 1 for Adam
 * @param amsgrad divide by the running maximum of {@code v}
 * @param maximize ascend instead of descend
 */
public record AdamCoefficients(float stepSize, float biasCorrection2Sqrt, float beta1, float oneMinusBeta1,
        float beta2, float oneMinusBeta2, float eps, float weightDecay, float decayFactor, boolean amsgrad,
        boolean maximize) implements Coefficients {

    /** The slots of {@code adam_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<AdamCoefficients> LAYOUT = KernelLayout.of("adam",
            state("exp_avg", 0f),
            state("exp_avg_sq", 0f),
            state("max_exp_avg_sq", 0f, AdamCoefficients::amsgrad));

    @Override
    public KernelLayout<AdamCoefficients> layout() {
        return LAYOUT;
    }
}

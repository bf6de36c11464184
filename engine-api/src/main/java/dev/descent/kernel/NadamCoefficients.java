package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

/**
 * One NAdam step (torch ≥ 2.0 rule). State: {@code exp_avg}, {@code exp_avg_sq}.
 *
 * @param gradCoefficient {@code -lr·(1 - μ_t) / (1 - Π_{i≤t} μ_i)}
 * @param avgCoefficient {@code -lr·μ_{t+1} / (1 - Π_{i≤t+1} μ_i)}
 * @param beta1 β1
 * @param oneMinusBeta1 {@code 1 - β1}
 * @param beta2 β2
 * @param oneMinusBeta2 {@code 1 - β2}
 * @param biasCorrection2 {@code 1 - β2^t}
 * @param eps added to the root
 * @param weightDecay L2 coefficient
 * @param maximize ascend instead of descend
 */
public record NadamCoefficients(float gradCoefficient, float avgCoefficient, float beta1, float oneMinusBeta1,
        float beta2, float oneMinusBeta2, float biasCorrection2, float eps, float weightDecay, boolean maximize) implements Coefficients {

    /** The slots of {@code nadam_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<NadamCoefficients> LAYOUT = KernelLayout.of("nadam",
            state("exp_avg", 0f),
            state("exp_avg_sq", 0f));

    @Override
    public KernelLayout<NadamCoefficients> layout() {
        return LAYOUT;
    }
}

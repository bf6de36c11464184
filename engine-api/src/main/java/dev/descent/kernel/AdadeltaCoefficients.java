package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

/**
 * One Adadelta step. State: {@code square_avg}, {@code acc_delta}.
 *
 * @param lr learning rate (torch's default 1.0)
 * @param rho decay of the running averages
 * @param oneMinusRho {@code 1 - rho}
 * @param eps added inside both square roots
 * @param weightDecay L2 coefficient
 * @param maximize ascend instead of descend
 */
public record AdadeltaCoefficients(float lr, float rho, float oneMinusRho, float eps, float weightDecay,
        boolean maximize) implements Coefficients {

    /** The slots of {@code adadelta_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<AdadeltaCoefficients> LAYOUT = KernelLayout.of("adadelta",
            state("square_avg", 0f),
            state("acc_delta", 0f));

    @Override
    public KernelLayout<AdadeltaCoefficients> layout() {
        return LAYOUT;
    }
}

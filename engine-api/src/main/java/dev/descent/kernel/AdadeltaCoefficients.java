package dev.descent.kernel;

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
        boolean maximize) {
}

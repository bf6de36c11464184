package dev.descent.kernel;

/**
 * One Rprop step. State: {@code prev} (the previous, possibly zeroed, gradient), {@code step_size};
 * and {@code prev_update} for the backtracking variants.
 *
 * @param etaMinus step-size factor on a sign flip, in (0, 1)
 * @param etaPlus step-size factor when the sign holds, above 1
 * @param minStep lower clamp of the step size
 * @param maxStep upper clamp of the step size
 * @param variant which Rprop rule
 * @param maximize ascend instead of descend
 * @param lossIncreased for iRprop+: whether the loss rose since the previous step (backtrack only then)
 */
public record RpropCoefficients(float etaMinus, float etaPlus, float minStep, float maxStep, RpropVariant variant,
        boolean maximize, boolean lossIncreased) {
}

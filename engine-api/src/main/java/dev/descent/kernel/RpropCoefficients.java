package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

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
 * @param backtrack a sign flip undoes the previous update: always for Rprop+, for iRprop+ only when the
 *     loss rose since the previous step (decided once, on the host, by {@code dev.descent.optim.Rprop})
 */
public record RpropCoefficients(float etaMinus, float etaPlus, float minStep, float maxStep, RpropVariant variant,
        boolean maximize, boolean backtrack) implements Coefficients {

    /** The slots of {@code rprop_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<RpropCoefficients> LAYOUT = KernelLayout.of("rprop",
            state("prev", 0f),
            state("step_size", 0f),
            state("prev_update", 0f, c -> c.variant().backtracks()));

    @Override
    public KernelLayout<RpropCoefficients> layout() {
        return LAYOUT;
    }
}

package dev.descent.optim;

import dev.descent.backend.OptimizerKernels;
import dev.descent.kernel.GradientClip;

/**
 * What an {@link OptimizerSpec} needs to run one step of one group.
 *
 * @param kernels the backend's optimizer kernels ({@link dev.descent.backend.Backend#optimizerKernels()})
 * @param step the 1-based number of this step (torch's {@code state['step']} after its increment)
 * @param loss the loss passed to {@link Optimizer#step(double)}, or NaN if none was given
 * @param groupState the group's scalar state
 * @param clip the gradient clip of this step, which the spec passes on to its kernel
 */
public record StepContext(OptimizerKernels kernels, long step, double loss, GroupState groupState, GradientClip clip) {

    public StepContext {
        java.util.Objects.requireNonNull(clip, "clip");
    }

    /** A step without gradient clipping. */
    public StepContext(OptimizerKernels kernels, long step, double loss, GroupState groupState) {
        this(kernels, step, loss, groupState, GradientClip.NONE);
    }

    /** Whether the caller passed a loss. */
    public boolean hasLoss() {
        return !Double.isNaN(loss);
    }
}

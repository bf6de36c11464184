package dev.descent.backend;

import dev.descent.kernel.Coefficients;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NormType;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every optimizer's update, applied to a whole parameter group in one call (backends that can fuse
 * the tensors of a group into one pass or one launch do so), and the norm of a group's gradients
 * that gradient clipping needs. The caller ({@link dev.descent.optim.Optimizer}) has checked shapes,
 * dtypes, ownership and finiteness; the scalars are in the coefficient records, see
 * {@link dev.descent.kernel}. A parameter is float32, or bfloat16/float16 with a gradient of its
 * dtype and a float32 master among its state ({@link ParameterSlots#MASTER_PARAM}): the step then
 * runs the same float32 rule on the master and the widened gradient and writes the master, rounded,
 * into the parameter, in the same pass ({@link KernelArguments#requireSlotDTypes}).
 *
 * <p>A backend implements {@link #step(Coefficients, GradientClip, List)} with one exhaustive
 * {@code switch} over the sealed {@link Coefficients} records (no {@code default} branch), so that a
 * kernel it lacks is a compile error; the state tensors each kernel reads are those of its
 * {@link dev.descent.kernel.KernelLayout}.
 */
public interface OptimizerKernels {

    /**
     * One step of the kernel that {@code coefficients} belongs to, on every parameter of the group,
     * each gradient element clipped by {@code clip} first (the gradients themselves are not written).
     */
    void step(Coefficients coefficients, GradientClip clip, List<ParameterSlots> params);

    /** One step without clipping: {@code step(coefficients, GradientClip.NONE, params)}. */
    default void step(Coefficients coefficients, List<ParameterSlots> params) {
        step(coefficients, GradientClip.NONE, params);
    }

    /**
     * The norm of the gradients of {@code params} taken together, as one vector, accumulated in double
     * in one pass over them (on a GPU, one launch): NaN or {@code +∞} exactly when some gradient
     * element is NaN or ±Infinity, so the same pass is the finiteness check. 0 for no elements.
     */
    double gradientNorm(NormType type, List<ParameterSlots> params);

    /**
     * Whether some gradient of {@code params} holds NaN or ±Infinity: the finiteness check of a step
     * that does not clip by norm. By default the max-norm pass ({@link #gradientNorm}, one launch on a
     * GPU); a backend may scan the group its own way, in one pass.
     */
    default boolean hasNonFiniteGradient(List<ParameterSlots> params) {
        return !Double.isFinite(gradientNorm(NormType.INFINITY, params));
    }

    /**
     * Kernels that run nothing and hand the coefficients of each step to {@code sink}: what a spec
     * would launch, for tools that inspect it (bytes per element, the inputs of a layout).
     */
    static OptimizerKernels recording(Consumer<Coefficients> sink) {
        return new OptimizerKernels() {
            @Override
            public void step(Coefficients coefficients, GradientClip clip, List<ParameterSlots> params) {
                sink.accept(coefficients);
            }

            @Override
            public double gradientNorm(NormType type, List<ParameterSlots> params) {
                throw new UnsupportedOperationException("recording kernels compute no norm");
            }
        };
    }
}

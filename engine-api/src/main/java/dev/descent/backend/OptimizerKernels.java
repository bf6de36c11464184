package dev.descent.backend;

import dev.descent.kernel.Coefficients;
import java.util.List;

/**
 * Every optimizer's update, applied to a whole parameter group in one call (backends that can fuse
 * the tensors of a group into one pass or one launch do so). The caller
 * ({@link dev.descent.optim.Optimizer}) has checked shapes, dtypes (float32), ownership and
 * finiteness; the scalars are in the coefficient records, see {@link dev.descent.kernel}.
 *
 * <p>A backend implements {@link #step} with one exhaustive {@code switch} over the sealed
 * {@link Coefficients} records (no {@code default} branch), so that a kernel it lacks is a compile
 * error; the state tensors each kernel reads are those of its {@link dev.descent.kernel.KernelLayout}.
 */
@FunctionalInterface
public interface OptimizerKernels {

    /** One step of the kernel that {@code coefficients} belongs to, on every parameter of the group. */
    void step(Coefficients coefficients, List<ParameterSlots> params);
}

package dev.descent.cuda;

import dev.descent.backend.OptimizerKernels;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.Coefficients;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.KernelLayout;
import dev.descent.kernel.NormType;
import java.util.List;

/**
 * The CUDA backend's optimizer kernels: one fused launch per parameter group. Nothing here is
 * specific to an optimizer: the kernel ({@code <kernel>_step} of {@code <kernel>.cu}), the slots of
 * its table and the slots a step uses all follow from the coefficients' {@link KernelLayout}, and
 * the coefficients and the gradient clip reach the kernel as their structs ({@link CoefficientWords}).
 * The gradient norm of clipping is one launch over the group's table too ({@code gradient_norm.cu}).
 * A kernel missing from
 * the CUDA sources is caught by the tests that hold the sources to the layouts, not at run time.
 * Calls are serialised with the backend's other calls.
 */
final class CudaOptimizerKernels implements OptimizerKernels {

    private final CudaBackend backend;
    private final Device device;
    private final GroupTables tables;
    private final CudaLaunches launches;

    CudaOptimizerKernels(CudaBackend backend, Device device, GroupTables tables, CudaLaunches launches) {
        this.backend = backend;
        this.device = device;
        this.tables = tables;
        this.launches = launches;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The table holds the slots this step uses ({@link Coefficients#usedSlots()}), decided from the
     * coefficients as the reference kernel decides it.
     */
    @Override
    public void step(Coefficients coefficients, GradientClip clip, List<ParameterSlots> params) {
        synchronized (backend) {
            if (params.isEmpty()) {
                return;
            }
            KernelLayout<?> layout = coefficients.layout();
            Kernel kernel = Kernel.optimizer(layout);
            GroupTables.Uploaded table = tables.get(backend, kernel, layout, params, coefficients.usedSlots());
            if (table.chunks() == 0) {
                return;
            }
            int grid = LaunchGeometry.fused(table.chunks(), device.multiprocessors(), device.residentBlocks(kernel));
            device.launch(grid, KernelParams.of(kernel)
                    .address(table.tensorsAddress())
                    .address(table.chunksAddress())
                    .i32(table.chunks())
                    .i32(table.present())
                    .struct(CoefficientWords.of((Record) coefficients))
                    .struct(CoefficientWords.of(clip)));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Pass 1 ({@code gradient_sum_squares} or {@code gradient_max_abs}) gives each chunk of the
     * group's table one partial, pass 2 folds them in one block; the partials depend on the chunks
     * alone, so the result is the same on every GPU. A 2-norm is within the rounding bound of its sums
     * of the reference's left-to-right sum; a maximum is exact.
     */
    @Override
    public double gradientNorm(NormType type, List<ParameterSlots> params) {
        synchronized (backend) {
            if (params.isEmpty()) {
                return 0;
            }
            boolean two = type == NormType.TWO;
            Kernel kernel = two ? Kernel.GRADIENT_SUM_SQUARES : Kernel.GRADIENT_MAX_ABS;
            GroupTables.Uploaded table = tables.get(backend, kernel, List.of(), params, 0b11);
            if (table.chunks() == 0) {
                return 0;
            }
            long partials = launches.workspace.atLeast(8L * (table.chunks() + 1));
            long result = partials + 8L * table.chunks();
            int grid = LaunchGeometry.fused(table.chunks(), device.multiprocessors(), device.residentBlocks(kernel));
            device.launch(grid, KernelParams.of(kernel)
                    .address(table.tensorsAddress())
                    .address(table.chunksAddress())
                    .i32(table.chunks())
                    .address(partials));
            device.launch(1, KernelParams.of(two ? Kernel.SUM_PARTIALS : Kernel.MAX_PARTIALS)
                    .address(partials).i32(table.chunks()).address(result));
            double folded = launches.downloadDoubles(result, 1)[0];
            return two ? Math.sqrt(folded) : folded;
        }
    }
}

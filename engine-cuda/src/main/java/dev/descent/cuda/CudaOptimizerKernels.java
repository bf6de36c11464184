package dev.descent.cuda;

import dev.descent.backend.OptimizerKernels;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.Coefficients;
import dev.descent.kernel.KernelLayout;
import java.util.List;

/**
 * The CUDA backend's optimizer kernels: one fused launch per parameter group. Nothing here is
 * specific to an optimizer: the kernel ({@code <kernel>_step} of {@code <kernel>.cu}), the slots of
 * its table and the slots a step uses all follow from the coefficients' {@link KernelLayout}, and
 * the coefficients reach the kernel as their struct ({@link CoefficientWords}). A kernel missing from
 * the CUDA sources is caught by the tests that hold the sources to the layouts, not at run time.
 * Calls are serialised with the backend's other calls.
 */
final class CudaOptimizerKernels implements OptimizerKernels {

    private final CudaBackend backend;
    private final Device device;
    private final GroupTables tables;

    CudaOptimizerKernels(CudaBackend backend, Device device, GroupTables tables) {
        this.backend = backend;
        this.device = device;
        this.tables = tables;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The table holds the slots this step uses ({@link Coefficients#usedSlots()}), decided from the
     * coefficients as the reference kernel decides it.
     */
    @Override
    public void step(Coefficients coefficients, List<ParameterSlots> params) {
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
                    .struct(CoefficientWords.of((Record) coefficients)));
        }
    }
}

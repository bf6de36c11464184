package dev.descent.simd;

import dev.descent.backend.Backend;
import dev.descent.backend.OptimizerKernels;
import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensors;
import dev.descent.kernel.AdadeltaCoefficients;
import dev.descent.kernel.AdagradCoefficients;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.AdamaxCoefficients;
import dev.descent.kernel.Coefficients;
import dev.descent.kernel.GainsCoefficients;
import dev.descent.kernel.NadamCoefficients;
import dev.descent.kernel.RmspropCoefficients;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.kernel.VsgdCoefficients;
import java.util.List;

/**
 * The SIMD backend's optimizer kernels: one fused pass over the chunks of every tensor of the group.
 * The switch picks the kernel once per step, before the pass, so each chunk calls its kernel directly.
 */
final class SimdOptimizerKernels implements OptimizerKernels {

    private final Backend backend;
    private final ChunkScheduler scheduler;

    SimdOptimizerKernels(Backend backend, ChunkScheduler scheduler) {
        this.backend = backend;
        this.scheduler = scheduler;
    }

    @Override
    public void step(Coefficients coefficients, List<ParameterSlots> params) {
        CpuTensors.requireSlots(backend, params);
        ChunkScheduler.SlotKernel kernel = switch (coefficients) {
            case SgdCoefficients c -> (s, from, to) -> SgdKernel.apply(c, s, from, to);
            case AdagradCoefficients c -> (s, from, to) -> AdagradKernel.apply(c, s, from, to);
            case AdadeltaCoefficients c -> (s, from, to) -> AdadeltaKernel.apply(c, s, from, to);
            case RmspropCoefficients c -> (s, from, to) -> RmspropKernel.apply(c, s, from, to);
            case RpropCoefficients c -> (s, from, to) -> RpropKernel.apply(c, s, from, to);
            case AdamCoefficients c -> (s, from, to) -> AdamKernel.apply(c, s, from, to);
            case AdamaxCoefficients c -> (s, from, to) -> AdamaxKernel.apply(c, s, from, to);
            case NadamCoefficients c -> (s, from, to) -> NadamKernel.apply(c, s, from, to);
            case GainsCoefficients c -> (s, from, to) -> GainsKernel.apply(c, s, from, to);
            case VsgdCoefficients c -> (s, from, to) -> VsgdKernel.apply(c, s, from, to);
        };
        scheduler.fused(params, kernel);
    }
}

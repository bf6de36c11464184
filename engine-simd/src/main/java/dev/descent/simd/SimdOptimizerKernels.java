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
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NadamCoefficients;
import dev.descent.kernel.NormType;
import dev.descent.kernel.RmspropCoefficients;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.kernel.VsgdCoefficients;
import java.lang.foreign.MemorySegment;
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
    public void step(Coefficients coefficients, GradientClip clip, List<ParameterSlots> params) {
        CpuTensors.requireSlots(backend, params);
        ChunkScheduler.SlotKernel kernel = switch (coefficients) {
            case SgdCoefficients c -> (s, from, to) -> SgdKernel.apply(c, clip, s, from, to);
            case AdagradCoefficients c -> (s, from, to) -> AdagradKernel.apply(c, clip, s, from, to);
            case AdadeltaCoefficients c -> (s, from, to) -> AdadeltaKernel.apply(c, clip, s, from, to);
            case RmspropCoefficients c -> (s, from, to) -> RmspropKernel.apply(c, clip, s, from, to);
            case RpropCoefficients c -> (s, from, to) -> RpropKernel.apply(c, clip, s, from, to);
            case AdamCoefficients c -> (s, from, to) -> AdamKernel.apply(c, clip, s, from, to);
            case AdamaxCoefficients c -> (s, from, to) -> AdamaxKernel.apply(c, clip, s, from, to);
            case NadamCoefficients c -> (s, from, to) -> NadamKernel.apply(c, clip, s, from, to);
            case GainsCoefficients c -> (s, from, to) -> GainsKernel.apply(c, clip, s, from, to);
            case VsgdCoefficients c -> (s, from, to) -> VsgdKernel.apply(c, clip, s, from, to);
        };
        scheduler.fused(params, kernel);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One pass over the gradients in order, each in the fixed blocks of {@code dot} (the squares
     * summed per lane in double, on the pool when large) or {@code maxAbs}; the blocks' results are
     * combined in order, so the result does not depend on the thread count. A 2-norm is within
     * {@code γₙ} (relative) of the reference's left-to-right sum, as {@code norm2} is; a maximum is exact.
     */
    @Override
    public double gradientNorm(NormType type, List<ParameterSlots> params) {
        CpuTensors.requireSlots(backend, params);
        boolean two = type == NormType.TWO;
        double acc = 0;
        for (ParameterSlots s : params) {
            MemorySegment g = Segments.of(s.grad());
            double[] partials = two
                    ? scheduler.blockwise(s.size(), (from, to) -> SimdReductions.dot(g, g, from, to), g)
                    : scheduler.blockwise(s.size(), (from, to) -> SimdReductions.maxAbs(g, from, to), g);
            for (double partial : partials) {
                acc = two ? acc + partial : Math.max(acc, partial); // Math.max keeps a NaN
            }
        }
        return two ? Math.sqrt(acc) : acc;
    }
}

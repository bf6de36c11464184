package dev.descent.simd;

import dev.descent.backend.Backend;
import dev.descent.backend.OptimizerKernels;
import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensors;
import dev.descent.cpu.MasterWeightBlocks;
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
import dev.descent.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The SIMD backend's optimizer kernels: one fused pass over the chunks of every tensor of the group.
 * The switch picks the kernel once per step, before the pass, so each chunk calls its kernel directly.
 */
final class SimdOptimizerKernels implements OptimizerKernels {

    private final Backend backend;
    private final ChunkScheduler scheduler;
    private final GroupPlans plans;

    SimdOptimizerKernels(Backend backend, ChunkScheduler scheduler) {
        this.backend = backend;
        this.scheduler = scheduler;
        this.plans = new GroupPlans(backend);
    }

    @Override
    public void step(Coefficients coefficients, GradientClip clip, List<ParameterSlots> params) {
        GroupPlan plan = plans.of(params);
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
        scheduler.fused(plan, plan.anyMaster() ? throughMaster(kernel) : kernel);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A float32 group is scanned as the step runs, in one fused pass over its cached plan (on the
     * pool when large); a group with bfloat16/float16 gradients takes the max-norm pass.
     */
    @Override
    public boolean hasNonFiniteGradient(List<ParameterSlots> params) {
        GroupPlan plan = plans.of(params);
        if (plan.anyMaster()) {
            return OptimizerKernels.super.hasNonFiniteGradient(params);
        }
        return scheduler.anyFused(plan, (s, from, to) -> SimdReductions.hasNonFinite(Segments.of(s.grad()), from, to));
    }

    /**
     * {@code kernel} for a group with bfloat16/float16 parameters: their chunks go through
     * {@link MasterWeightBlocks} (the kernel on float32 blocks of the master), the float32 ones' straight
     * to the kernel. A float32 group never gets here, so its chunks call the kernel as before.
     */
    private static ChunkScheduler.SlotKernel throughMaster(ChunkScheduler.SlotKernel kernel) {
        return (s, from, to) -> {
            if (s.hasMaster()) {
                MasterWeightBlocks.step(s, from, to, block -> kernel.apply(block, 0, block.size()));
            } else {
                kernel.apply(s, from, to);
            }
        };
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
            double[] partials = s.hasMaster() ? scheduler.blockwise(s.size(), (from, to) -> widened(g, s.grad().dtype(),
                    two, from, to), g)
                    : two ? scheduler.blockwise(s.size(), (from, to) -> SimdReductions.dot(g, g, from, to), g)
                    : scheduler.blockwise(s.size(), (from, to) -> SimdReductions.maxAbs(g, from, to), g);
            for (double partial : partials) {
                acc = two ? acc + partial : Math.max(acc, partial); // Math.max keeps a NaN
            }
        }
        return two ? Math.sqrt(acc) : acc;
    }

    /**
     * The sum of squares ({@code two}) or the largest magnitude of the bfloat16/float16 elements
     * {@code [from, to)} of {@code g}: widened a block at a time into the thread's scratch, reduced there.
     */
    private static double widened(MemorySegment g, DType dtype, boolean two, long from, long to) {
        MemorySegment scratch = MasterWeightBlocks.scratch();
        double acc = 0;
        for (long b = from; b < to; b += MasterWeightBlocks.BLOCK) {
            int n = (int) Math.min(MasterWeightBlocks.BLOCK, to - b);
            MasterWeightBlocks.widen(g, dtype, b, scratch, n);
            acc = two ? acc + SimdReductions.dot(scratch, scratch, 0, n) : Math.max(acc, SimdReductions.maxAbs(scratch, 0, n));
        }
        return acc;
    }
}

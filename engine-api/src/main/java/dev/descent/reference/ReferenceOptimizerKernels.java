package dev.descent.reference;

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
import java.util.List;

/**
 * The reference backend's optimizer kernels: one plain loop per parameter tensor; a bfloat16/float16
 * parameter's loop runs on its float32 master, block by block ({@link MasterWeightBlocks}).
 */
final class ReferenceOptimizerKernels implements OptimizerKernels {

    private final Backend backend;

    ReferenceOptimizerKernels(Backend backend) {
        this.backend = backend;
    }

    @Override
    public void step(Coefficients coefficients, GradientClip clip, List<ParameterSlots> params) {
        CpuTensors.requireSlots(backend, params);
        for (ParameterSlots p : params) {
            if (p.hasMaster()) {
                MasterWeightBlocks.step(p, 0, p.size(), block -> step(coefficients, clip, block));
            } else {
                step(coefficients, clip, p);
            }
        }
    }

    /** One float32 step of every element of {@code p}. */
    private static void step(Coefficients coefficients, GradientClip clip, ParameterSlots p) {
        switch (coefficients) {
            case SgdCoefficients c -> SgdKernel.apply(c, clip, p);
            case AdagradCoefficients c -> AdagradKernel.apply(c, clip, p);
            case AdadeltaCoefficients c -> AdadeltaKernel.apply(c, clip, p);
            case RmspropCoefficients c -> RmspropKernel.apply(c, clip, p);
            case RpropCoefficients c -> RpropKernel.apply(c, clip, p);
            case AdamCoefficients c -> AdamKernel.apply(c, clip, p);
            case AdamaxCoefficients c -> AdamaxKernel.apply(c, clip, p);
            case NadamCoefficients c -> NadamKernel.apply(c, clip, p);
            case GainsCoefficients c -> GainsKernel.apply(c, clip, p);
            case VsgdCoefficients c -> VsgdKernel.apply(c, clip, p);
        }
    }

    @Override
    public double gradientNorm(NormType type, List<ParameterSlots> params) {
        CpuTensors.requireSlots(backend, params);
        return GradientNormKernel.apply(type, params);
    }
}

package dev.descent.reference;

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

/** The reference backend's optimizer kernels: one plain loop per parameter tensor. */
final class ReferenceOptimizerKernels implements OptimizerKernels {

    private final Backend backend;

    ReferenceOptimizerKernels(Backend backend) {
        this.backend = backend;
    }

    @Override
    public void step(Coefficients coefficients, List<ParameterSlots> params) {
        CpuTensors.requireSlots(backend, params);
        for (ParameterSlots p : params) {
            switch (coefficients) {
                case SgdCoefficients c -> SgdKernel.apply(c, p);
                case AdagradCoefficients c -> AdagradKernel.apply(c, p);
                case AdadeltaCoefficients c -> AdadeltaKernel.apply(c, p);
                case RmspropCoefficients c -> RmspropKernel.apply(c, p);
                case RpropCoefficients c -> RpropKernel.apply(c, p);
                case AdamCoefficients c -> AdamKernel.apply(c, p);
                case AdamaxCoefficients c -> AdamaxKernel.apply(c, p);
                case NadamCoefficients c -> NadamKernel.apply(c, p);
                case GainsCoefficients c -> GainsKernel.apply(c, p);
                case VsgdCoefficients c -> VsgdKernel.apply(c, p);
            }
        }
    }
}

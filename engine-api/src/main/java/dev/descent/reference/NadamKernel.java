package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NadamCoefficients;

/**
 * torch.optim.NAdam, torch ≥ 2.0 (Dozat 2016): {@code m = β1·m + (1-β1)·d; v = β2·v + (1-β2)·d·d;
 * den = sqrt(v/bc2) + eps; p = p + c_g·d/den; p = p + c_m·m/den}, the two coefficients from the host.
 */
final class NadamKernel {
    private NadamKernel() {
    }

    static void apply(NadamCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor m = (CpuTensor) s.state("exp_avg");
        CpuTensor v = (CpuTensor) s.state("exp_avg_sq");
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i);
            float d = Gradients.effective(g.getFloat(i), param, c.weightDecay(), c.maximize(), clip);
            float mi = c.beta1() * m.getFloat(i) + c.oneMinusBeta1() * d;
            float vi = c.beta2() * v.getFloat(i) + c.oneMinusBeta2() * d * d;
            m.setFloat(i, mi);
            v.setFloat(i, vi);
            float denom = (float) Math.sqrt(vi / c.biasCorrection2()) + c.eps();
            param = param + c.gradCoefficient() * d / denom;
            p.setFloat(i, param + c.avgCoefficient() * mi / denom);
        }
    }
}

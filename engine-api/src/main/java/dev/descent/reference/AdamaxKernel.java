package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.AdamaxCoefficients;
import dev.descent.kernel.GradientClip;

/**
 * torch.optim.Adamax (Kingma and Ba 2015, Alg. 2, eps inside the max): {@code m = β1·m + (1-β1)·d;
 * u = max(β2·u, |d| + eps); p = p + (-lr/bc1)·m/u}.
 */
final class AdamaxKernel {
    private AdamaxKernel() {
    }

    static void apply(AdamaxCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor m = (CpuTensor) s.state("exp_avg");
        CpuTensor u = (CpuTensor) s.state("exp_inf");
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i);
            float d = Gradients.effective(g.getFloat(i), param, c.weightDecay(), c.maximize(), clip);
            float mi = c.beta1() * m.getFloat(i) + c.oneMinusBeta1() * d;
            float ui = Math.max(c.beta2() * u.getFloat(i), Math.abs(d) + c.eps());
            m.setFloat(i, mi);
            u.setFloat(i, ui);
            p.setFloat(i, param + -c.clr() * mi / ui);
        }
    }
}

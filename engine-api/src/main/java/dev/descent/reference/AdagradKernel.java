package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.AdagradCoefficients;
import dev.descent.kernel.GradientClip;

/** torch.optim.Adagrad (Duchi, Hazan and Singer 2011): {@code s = s + d·d; p = p + (-clr)·d / (sqrt(s) + eps)}. */
final class AdagradKernel {
    private AdagradKernel() {
    }

    static void apply(AdagradCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor sum = (CpuTensor) s.state("sum");
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i);
            float d = Gradients.effective(g.getFloat(i), param, c.weightDecay(), c.maximize(), clip);
            float si = sum.getFloat(i) + d * d;
            sum.setFloat(i, si);
            float std = (float) Math.sqrt(si) + c.eps();
            p.setFloat(i, param + -c.clr() * d / std);
        }
    }
}

package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.SgdCoefficients;

/**
 * torch.optim.SGD: {@code d = g + wd·p; b = μ·b + (1-τ)·d} ({@code b = d} on step 1);
 * {@code d = nesterov ? d + μ·b : b; p = p - lr·d} (Sutskever et al. 2013 for the Nesterov form).
 */
final class SgdKernel {
    private SgdKernel() {
    }

    static void apply(SgdCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor buf = c.momentum() != 0 ? (CpuTensor) s.state("momentum_buffer") : null;
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i);
            float d = Gradients.effective(g.getFloat(i), param, c.weightDecay(), c.maximize(), clip);
            if (buf != null) {
                float b = c.firstStep() ? d : c.momentum() * buf.getFloat(i) + c.oneMinusDampening() * d;
                buf.setFloat(i, b);
                d = c.nesterov() ? d + c.momentum() * b : b;
            }
            p.setFloat(i, param - c.lr() * d);
        }
    }
}

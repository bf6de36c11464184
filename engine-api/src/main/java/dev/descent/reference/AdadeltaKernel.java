package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.AdadeltaCoefficients;
import dev.descent.kernel.GradientClip;

/**
 * torch.optim.Adadelta (Zeiler 2012, Alg. 1, scaled by lr): {@code v = ρ·v + (1-ρ)·d·d;
 * δ = sqrt(u+eps) / sqrt(v+eps)·d; u = ρ·u + (1-ρ)·δ·δ; p = p - lr·δ}.
 */
final class AdadeltaKernel {
    private AdadeltaKernel() {
    }

    static void apply(AdadeltaCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor squareAvg = (CpuTensor) s.state("square_avg");
        CpuTensor accDelta = (CpuTensor) s.state("acc_delta");
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i);
            float d = Gradients.effective(g.getFloat(i), param, c.weightDecay(), c.maximize(), clip);
            float v = c.rho() * squareAvg.getFloat(i) + c.oneMinusRho() * d * d;
            squareAvg.setFloat(i, v);
            float std = (float) Math.sqrt(v + c.eps());
            float u = accDelta.getFloat(i);
            float delta = (float) Math.sqrt(u + c.eps()) / std * d;
            accDelta.setFloat(i, c.rho() * u + c.oneMinusRho() * delta * delta);
            p.setFloat(i, param - c.lr() * delta);
        }
    }
}

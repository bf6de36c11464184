package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.GradientClip;

/**
 * torch.optim.Adam / AdamW (Kingma and Ba 2015, Alg. 1 with eps outside the root):
 * {@code p = p·(1-lr·λ)} (AdamW); {@code m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²};
 * {@code p = p - (lr/bc1)·m / (sqrt(v)/sqrt(bc2) + eps)}, with {@code v} replaced by its running
 * maximum under AMSGrad.
 */
final class AdamKernel {
    private AdamKernel() {
    }

    static void apply(AdamCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor m = (CpuTensor) s.state("exp_avg");
        CpuTensor v = (CpuTensor) s.state("exp_avg_sq");
        CpuTensor vMax = c.amsgrad() ? (CpuTensor) s.state("max_exp_avg_sq") : null;
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i) * c.decayFactor();
            float d = Gradients.effective(g.getFloat(i), param, c.weightDecay(), c.maximize(), clip);
            float mi = c.beta1() * m.getFloat(i) + c.oneMinusBeta1() * d;
            float vi = c.beta2() * v.getFloat(i) + c.oneMinusBeta2() * d * d;
            m.setFloat(i, mi);
            v.setFloat(i, vi);
            if (vMax != null) {
                vi = Math.max(vMax.getFloat(i), vi);
                vMax.setFloat(i, vi);
            }
            float denom = (float) Math.sqrt(vi) / c.biasCorrection2Sqrt() + c.eps();
            p.setFloat(i, param + -c.stepSize() * mi / denom);
        }
    }
}

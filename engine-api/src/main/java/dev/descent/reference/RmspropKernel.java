package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.RmspropCoefficients;

/**
 * torch.optim.RMSprop (Hinton, lecture 6e; centered: Graves 2013): {@code v = α·v + (1-α)·d·d};
 * {@code avg = sqrt(v - ga²) + eps} (centered, {@code ga = α·ga + (1-α)·d}) or {@code sqrt(v) + eps};
 * {@code b = μ·b + d/avg; p = p - lr·b} with momentum, else {@code p = p + (-lr)·d/avg}.
 */
final class RmspropKernel {
    private RmspropKernel() {
    }

    static void apply(RmspropCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor squareAvg = (CpuTensor) s.state("square_avg");
        CpuTensor gradAvg = c.centered() ? (CpuTensor) s.state("grad_avg") : null;
        CpuTensor buf = c.momentum() > 0 ? (CpuTensor) s.state("momentum_buffer") : null;
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i);
            float d = Gradients.effective(g.getFloat(i), param, c.weightDecay(), c.maximize(), clip);
            float v = c.alpha() * squareAvg.getFloat(i) + c.oneMinusAlpha() * d * d;
            squareAvg.setFloat(i, v);
            float avg;
            if (gradAvg != null) {
                float ga = c.alpha() * gradAvg.getFloat(i) + c.oneMinusAlpha() * d;
                gradAvg.setFloat(i, ga);
                // torch's square_avg.addcmul(grad_avg, grad_avg, value=-1): no clamp at 0, so rounding may give NaN.
                avg = (float) Math.sqrt(v + -1f * ga * ga);
            } else {
                avg = (float) Math.sqrt(v);
            }
            avg = avg + c.eps();
            if (buf != null) {
                float b = c.momentum() * buf.getFloat(i) + d / avg;
                buf.setFloat(i, b);
                p.setFloat(i, param - c.lr() * b);
            } else {
                p.setFloat(i, param + -c.lr() * d / avg);
            }
        }
    }
}

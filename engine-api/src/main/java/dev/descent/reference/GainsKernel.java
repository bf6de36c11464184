package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.GainsCoefficients;
import dev.descent.kernel.GradientClip;

/**
 * Adaptive local gains (Hinton, lecture 6d; Jacobs 1988; no torch counterpart): {@code gain + δ} when
 * {@code d·d_prev > 0} (or {@code -d·vel > 0}), {@code gain·(1-δ)} when {@code < 0} (or not {@code > 0}
 * with {@code shrinkOnZero}), clamped;
 * {@code vel = μ·vel - lr·gain·d, p = p + vel} with momentum or velocity comparison, else
 * {@code p = p - lr·gain·d}.
 */
final class GainsKernel {
    private GainsKernel() {
    }

    static void apply(GainsCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor gain = (CpuTensor) s.state("gain");
        CpuTensor prevGrad = (CpuTensor) s.state("prev_grad");
        boolean useVelocity = c.momentum() > 0 || c.compareWithVelocity();
        CpuTensor velocity = useVelocity ? (CpuTensor) s.state("velocity") : null;
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i);
            float d = Gradients.effective(g.getFloat(i), param, c.weightDecay(), c.maximize(), clip);
            float vel = useVelocity ? velocity.getFloat(i) : 0f;
            float agreement = c.compareWithVelocity() ? -d * vel : d * prevGrad.getFloat(i);
            float gi = gain.getFloat(i);
            // An agreement of exactly 0 leaves the gain alone, unless shrinkOnZero takes the lecture's "else" branch.
            gi = agreement > 0 ? gi + c.increment() : agreement < 0 || c.shrinkOnZero() ? gi * c.decay() : gi;
            gi = Math.min(Math.max(gi, c.minGain()), c.maxGain());
            gain.setFloat(i, gi);
            if (useVelocity) {
                vel = c.momentum() * vel - c.lr() * gi * d;
                velocity.setFloat(i, vel);
                p.setFloat(i, param + vel);
            } else {
                p.setFloat(i, param - c.lr() * gi * d);
            }
            prevGrad.setFloat(i, d);
        }
    }
}

package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.RpropVariant;

/**
 * Rprop (Riedmiller and Braun 1993; the four variants of Igel and Hüsken 2000; iRprop− is
 * torch.optim.Rprop): {@code s = d·prev}; {@code Δ = clamp(Δ·(s>0 ? η+ : s<0 ? η− : 1), min, max)};
 * then move by {@code -sign(d)·Δ}, or on {@code s<0} skip (iRprop−) or undo the previous update
 * (Rprop+, and iRprop+ when the loss rose).
 */
final class RpropKernel {
    private RpropKernel() {
    }

    static void apply(RpropCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor g = (CpuTensor) s.grad();
        CpuTensor prev = (CpuTensor) s.state("prev");
        CpuTensor stepSize = (CpuTensor) s.state("step_size");
        RpropVariant variant = c.variant();
        CpuTensor prevUpdate = variant.backtracks() ? (CpuTensor) s.state("prev_update") : null;
        boolean backtrack = c.backtrack(); // decided on the host (Rprop+ always, iRprop+ when the loss rose)
        for (long i = 0, n = p.size(); i < n; i++) {
            float param = p.getFloat(i);
            float d = Gradients.effective(g.getFloat(i), param, 0f, c.maximize(), clip);
            float agreement = d * prev.getFloat(i);
            float factor = agreement > 0 ? c.etaPlus() : agreement < 0 ? c.etaMinus() : 1f;
            float delta = Math.min(Math.max(stepSize.getFloat(i) * factor, c.minStep()), c.maxStep());
            stepSize.setFloat(i, delta);
            switch (variant) {
                case IRPROP_MINUS -> {
                    if (agreement < 0) {
                        d = 0f;
                    }
                    p.setFloat(i, param - Math.signum(d) * delta);
                    prev.setFloat(i, d);
                }
                case RPROP_MINUS -> {
                    p.setFloat(i, param - Math.signum(d) * delta);
                    prev.setFloat(i, d);
                }
                case RPROP_PLUS, IRPROP_PLUS -> {
                    float w;
                    if (agreement < 0) {
                        w = backtrack ? -prevUpdate.getFloat(i) : 0f;
                        if (backtrack) {
                            p.setFloat(i, param + w);
                        }
                        prev.setFloat(i, 0f);
                    } else {
                        w = -Math.signum(d) * delta;
                        p.setFloat(i, param + w);
                        prev.setFloat(i, d);
                    }
                    prevUpdate.setFloat(i, w);
                }
            }
        }
    }
}

package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.GradientClip;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * torch.optim.Adam / AdamW (Kingma and Ba 2015, Alg. 1 with eps outside the root):
 * {@code p = p·(1-lr·λ)} (AdamW); {@code m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²};
 * {@code p = p - (lr/bc1)·m / (sqrt(v)/sqrt(bc2) + eps)}, with {@code v} replaced by its running
 * maximum under AMSGrad. One pass: reads p, g, m, v (and the maximum), writes each once.
 */
final class AdamKernel {
    private AdamKernel() {
    }

    static void apply(AdamCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment m = Segments.of(s.state("exp_avg"));
        MemorySegment v = Segments.of(s.state("exp_avg_sq"));
        MemorySegment vMax = c.amsgrad() ? Segments.of(s.state("max_exp_avg_sq")) : null;
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, p, g, m, v, vMax, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, t.inOut(p), t.in(g), t.inOut(m), t.inOut(v), t.inOut(vMax), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(AdamCoefficients c, GradientClip clip, MemorySegment p, MemorySegment g, MemorySegment m,
            MemorySegment v, MemorySegment vMax, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i).mul(c.decayFactor());
            FloatVector d = Gradients.effective(load(g, i), param, c.weightDecay(), c.maximize(), clip);
            FloatVector mi = load(m, i).mul(c.beta1()).add(d.mul(c.oneMinusBeta1()));
            FloatVector vi = load(v, i).mul(c.beta2()).add(d.mul(c.oneMinusBeta2()).mul(d));
            store(mi, m, i);
            store(vi, v, i);
            if (vMax != null) {
                vi = load(vMax, i).max(vi);
                store(vi, vMax, i);
            }
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(c.biasCorrection2Sqrt()).add(c.eps());
            store(param.add(mi.mul(-c.stepSize()).div(denom)), p, i);
        }
    }
}

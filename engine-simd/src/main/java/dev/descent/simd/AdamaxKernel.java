package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdamaxCoefficients;
import dev.descent.kernel.GradientClip;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * torch.optim.Adamax (Kingma and Ba 2015, Alg. 2, eps inside the max): {@code m = β1·m + (1-β1)·d;
 * u = max(β2·u, |d| + eps); p = p + (-lr/bc1)·m/u}.
 */
final class AdamaxKernel {
    private AdamaxKernel() {
    }

    static void apply(AdamaxCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment m = Segments.of(s.state("exp_avg"));
        MemorySegment u = Segments.of(s.state("exp_inf"));
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, p, g, m, u, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, t.inOut(p), t.in(g), t.inOut(m), t.inOut(u), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(AdamaxCoefficients c, GradientClip clip, MemorySegment p, MemorySegment g, MemorySegment m,
            MemorySegment u, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i);
            FloatVector d = Gradients.effective(load(g, i), param, c.weightDecay(), c.maximize(), clip);
            FloatVector mi = load(m, i).mul(c.beta1()).add(d.mul(c.oneMinusBeta1()));
            FloatVector ui = load(u, i).mul(c.beta2()).max(d.lanewise(VectorOperators.ABS).add(c.eps()));
            store(mi, m, i);
            store(ui, u, i);
            store(param.add(mi.mul(-c.clr()).div(ui)), p, i);
        }
    }
}

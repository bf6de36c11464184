package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdagradCoefficients;
import dev.descent.kernel.GradientClip;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** torch.optim.Adagrad (Duchi, Hazan and Singer 2011): {@code s = s + d·d; p = p + (-clr)·d / (sqrt(s) + eps)}. */
final class AdagradKernel {
    private AdagradKernel() {
    }

    static void apply(AdagradCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment sum = Segments.of(s.state("sum"));
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, p, g, sum, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, t.inOut(p), t.in(g), t.inOut(sum), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(AdagradCoefficients c, GradientClip clip, MemorySegment p, MemorySegment g, MemorySegment sum,
            long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i);
            FloatVector d = Gradients.effective(load(g, i), param, c.weightDecay(), c.maximize(), clip);
            FloatVector si = load(sum, i).add(d.mul(d));
            store(si, sum, i);
            FloatVector std = si.lanewise(VectorOperators.SQRT).add(c.eps());
            store(param.add(d.mul(-c.clr()).div(std)), p, i);
        }
    }
}

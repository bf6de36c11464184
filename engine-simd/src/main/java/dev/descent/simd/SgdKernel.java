package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.SgdCoefficients;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * torch.optim.SGD: {@code d = g + wd·p; b = μ·b + (1-τ)·d} ({@code b = d} on step 1);
 * {@code d = nesterov ? d + μ·b : b; p = p - lr·d} (Sutskever et al. 2013 for the Nesterov form).
 */
final class SgdKernel {
    private SgdKernel() {
    }

    static void apply(SgdCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment buf = c.momentum() != 0 ? Segments.of(s.state("momentum_buffer")) : null;
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, p, g, buf, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, t.inOut(p), t.in(g), t.inOut(buf), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(SgdCoefficients c, GradientClip clip, MemorySegment p, MemorySegment g, MemorySegment buf,
            long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i);
            FloatVector d = Gradients.effective(load(g, i), param, c.weightDecay(), c.maximize(), clip);
            if (buf != null) {
                FloatVector b = c.firstStep() ? d
                        : load(buf, i).mul(c.momentum()).add(d.mul(c.oneMinusDampening()));
                store(b, buf, i);
                d = c.nesterov() ? d.add(b.mul(c.momentum())) : b;
            }
            store(param.sub(d.mul(c.lr())), p, i);
        }
    }
}

package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.SgdCoefficients;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * torch.optim.SGD: {@code d = g + wd·p; b = μ·b + (1-τ)·d} ({@code b = d} on step 1);
 * {@code d = nesterov ? d + μ·b : b; p = p - lr·d} (Sutskever et al. 2013 for the Nesterov form).
 */
final class SgdKernel {
    private SgdKernel() {
    }

    static void apply(SgdCoefficients c, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment buf = c.momentum() != 0 ? Segments.of(s.state("momentum_buffer")) : null;
        long bound = Lanes.loopBound(from, to);
        loop(c, p, g, buf, from, bound, Lanes.ALL);
        if (bound < to) {
            loop(c, p, g, buf, bound, to, Lanes.tail(bound, to));
        }
    }

    private static void loop(SgdCoefficients c, MemorySegment p, MemorySegment g, MemorySegment buf,
            long from, long to, VectorMask<Float> lanes) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i, lanes);
            FloatVector d = Gradients.effective(load(g, i, lanes), param, c.weightDecay(), c.maximize());
            if (buf != null) {
                FloatVector b = c.firstStep() ? d
                        : load(buf, i, lanes).mul(c.momentum()).add(d.mul(c.oneMinusDampening()));
                store(b, buf, i, lanes);
                d = c.nesterov() ? d.add(b.mul(c.momentum())) : b;
            }
            store(param.sub(d.mul(c.lr())), p, i, lanes);
        }
    }
}

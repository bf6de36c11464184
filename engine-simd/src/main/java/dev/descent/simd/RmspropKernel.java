package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.RmspropCoefficients;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * torch.optim.RMSprop (Hinton, lecture 6e; centered: Graves 2013): {@code v = α·v + (1-α)·d·d};
 * {@code avg = sqrt(v - ga²) + eps} (centered, {@code ga = α·ga + (1-α)·d}) or {@code sqrt(v) + eps};
 * {@code b = μ·b + d/avg; p = p - lr·b} with momentum, else {@code p = p + (-lr)·d/avg}.
 */
final class RmspropKernel {
    private RmspropKernel() {
    }

    static void apply(RmspropCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment squareAvg = Segments.of(s.state("square_avg"));
        MemorySegment gradAvg = c.centered() ? Segments.of(s.state("grad_avg")) : null;
        MemorySegment buf = c.momentum() > 0 ? Segments.of(s.state("momentum_buffer")) : null;
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, p, g, squareAvg, gradAvg, buf, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, t.inOut(p), t.in(g), t.inOut(squareAvg), t.inOut(gradAvg), t.inOut(buf), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(RmspropCoefficients c, GradientClip clip, MemorySegment p, MemorySegment g, MemorySegment squareAvg,
            MemorySegment gradAvg, MemorySegment buf, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i);
            FloatVector d = Gradients.effective(load(g, i), param, c.weightDecay(), c.maximize(), clip);
            FloatVector v = load(squareAvg, i).mul(c.alpha()).add(d.mul(c.oneMinusAlpha()).mul(d));
            store(v, squareAvg, i);
            FloatVector avg;
            if (gradAvg != null) {
                FloatVector ga = load(gradAvg, i).mul(c.alpha()).add(d.mul(c.oneMinusAlpha()));
                store(ga, gradAvg, i);
                // torch's square_avg.addcmul(grad_avg, grad_avg, value=-1): no clamp at 0, so rounding may give NaN.
                avg = v.add(ga.mul(-1f).mul(ga)).lanewise(VectorOperators.SQRT);
            } else {
                avg = v.lanewise(VectorOperators.SQRT);
            }
            avg = avg.add(c.eps());
            if (buf != null) {
                FloatVector b = load(buf, i).mul(c.momentum()).add(d.div(avg));
                store(b, buf, i);
                store(param.sub(b.mul(c.lr())), p, i);
            } else {
                store(param.add(d.mul(-c.lr()).div(avg)), p, i);
            }
        }
    }
}

package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GainsCoefficients;
import dev.descent.kernel.GradientClip;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Adaptive local gains (Hinton, lecture 6d; Jacobs 1988; no torch counterpart): {@code gain + δ} when
 * {@code d·d_prev > 0} (or {@code -d·vel > 0}), {@code gain·(1-δ)} when {@code < 0} (or not {@code > 0}
 * with {@code shrinkOnZero}), clamped;
 * {@code vel = μ·vel - lr·gain·d, p = p + vel} with momentum or velocity comparison, else
 * {@code p = p - lr·gain·d}. The reference's branches are lane masks and blends here.
 */
final class GainsKernel {
    private GainsKernel() {
    }

    static void apply(GainsCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment gain = Segments.of(s.state("gain"));
        MemorySegment prevGrad = Segments.of(s.state("prev_grad"));
        boolean useVelocity = c.momentum() > 0 || c.compareWithVelocity();
        MemorySegment velocity = useVelocity ? Segments.of(s.state("velocity")) : null;
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, p, g, gain, prevGrad, velocity, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, t.inOut(p), t.in(g), t.inOut(gain), t.inOut(prevGrad), t.inOut(velocity), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(GainsCoefficients c, GradientClip clip, MemorySegment p, MemorySegment g, MemorySegment gain,
            MemorySegment prevGrad, MemorySegment velocity, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i);
            FloatVector d = Gradients.effective(load(g, i), param, c.weightDecay(), c.maximize(), clip);
            FloatVector vel = velocity != null ? load(velocity, i) : d.broadcast(0f);
            FloatVector agreement = c.compareWithVelocity() ? d.neg().mul(vel) : d.mul(load(prevGrad, i));
            FloatVector gi = load(gain, i);
            gi = gi.blend(gi.add(c.increment()), agreement.compare(VectorOperators.GT, 0f))
                    .blend(gi.mul(c.decay()), c.shrinkOnZero() ? agreement.compare(VectorOperators.GT, 0f).not()
                            : agreement.compare(VectorOperators.LT, 0f));
            gi = gi.max(c.minGain()).min(c.maxGain());
            store(gi, gain, i);
            if (velocity != null) {
                vel = vel.mul(c.momentum()).sub(gi.mul(c.lr()).mul(d));
                store(vel, velocity, i);
                store(param.add(vel), p, i);
            } else {
                store(param.sub(gi.mul(c.lr()).mul(d)), p, i);
            }
            store(d, prevGrad, i);
        }
    }
}

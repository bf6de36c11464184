package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.RpropVariant;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Rprop (Riedmiller and Braun 1993; the four variants of Igel and Hüsken 2000; iRprop− is
 * torch.optim.Rprop): {@code s = d·prev}; {@code Δ = clamp(Δ·(s>0 ? η+ : s<0 ? η− : 1), min, max)};
 * then move by {@code -sign(d)·Δ}, or on {@code s<0} skip (iRprop−) or undo the previous update
 * (Rprop+, and iRprop+ when the loss rose). The reference's branches are lane masks and blends here.
 */
final class RpropKernel {
    private RpropKernel() {
    }

    static void apply(RpropCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment prev = Segments.of(s.state("prev"));
        MemorySegment stepSize = Segments.of(s.state("step_size"));
        RpropVariant variant = c.variant();
        MemorySegment prevUpdate = variant.backtracks() ? Segments.of(s.state("prev_update")) : null;
        boolean backtrack = c.backtrack(); // decided on the host (Rprop+ always, iRprop+ when the loss rose)
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, backtrack, p, g, prev, stepSize, prevUpdate, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, backtrack, t.inOut(p), t.in(g), t.inOut(prev), t.inOut(stepSize), t.inOut(prevUpdate), 0,
                    Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(RpropCoefficients c, GradientClip clip, boolean backtrack, MemorySegment p, MemorySegment g,
            MemorySegment prev, MemorySegment stepSize, MemorySegment prevUpdate, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i);
            FloatVector d = Gradients.effective(load(g, i), param, 0f, c.maximize(), clip);
            FloatVector agreement = d.mul(load(prev, i));
            VectorMask<Float> agrees = agreement.compare(VectorOperators.GT, 0f);
            VectorMask<Float> flips = agreement.compare(VectorOperators.LT, 0f);
            FloatVector factor = d.broadcast(1f).blend(c.etaPlus(), agrees).blend(c.etaMinus(), flips);
            FloatVector delta = load(stepSize, i).mul(factor).max(c.minStep()).min(c.maxStep());
            store(delta, stepSize, i);
            switch (c.variant()) {
                case IRPROP_MINUS -> {
                    d = d.blend(0f, flips);
                    store(param.sub(signum(d).mul(delta)), p, i);
                    store(d, prev, i);
                }
                case RPROP_MINUS -> {
                    store(param.sub(signum(d).mul(delta)), p, i);
                    store(d, prev, i);
                }
                case RPROP_PLUS, IRPROP_PLUS -> {
                    FloatVector back = backtrack ? load(prevUpdate, i).neg() : d.broadcast(0f);
                    FloatVector w = signum(d).neg().mul(delta).blend(back, flips);
                    FloatVector moved = param.add(w);
                    // Without backtracking a flipped lane keeps p exactly (p + 0 would turn -0 into +0).
                    store(backtrack ? moved : moved.blend(param, flips), p, i);
                    store(d.blend(0f, flips), prev, i);
                    store(w, prevUpdate, i);
                }
            }
        }
    }

    /** torch's {@code sign} as {@link Math#signum(float)}: 1 or -1, and ±0 and NaN unchanged. */
    private static FloatVector signum(FloatVector x) {
        return x.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
    }
}

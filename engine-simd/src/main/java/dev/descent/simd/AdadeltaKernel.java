package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdadeltaCoefficients;
import dev.descent.kernel.GradientClip;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * torch.optim.Adadelta (Zeiler 2012, Alg. 1, scaled by lr): {@code v = ρ·v + (1-ρ)·d·d;
 * δ = sqrt(u+eps) / sqrt(v+eps)·d; u = ρ·u + (1-ρ)·δ·δ; p = p - lr·δ}.
 */
final class AdadeltaKernel {
    private AdadeltaKernel() {
    }

    static void apply(AdadeltaCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment squareAvg = Segments.of(s.state("square_avg"));
        MemorySegment accDelta = Segments.of(s.state("acc_delta"));
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, p, g, squareAvg, accDelta, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, t.inOut(p), t.in(g), t.inOut(squareAvg), t.inOut(accDelta), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(AdadeltaCoefficients c, GradientClip clip, MemorySegment p, MemorySegment g, MemorySegment squareAvg,
            MemorySegment accDelta, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i);
            FloatVector d = Gradients.effective(load(g, i), param, c.weightDecay(), c.maximize(), clip);
            FloatVector v = load(squareAvg, i).mul(c.rho()).add(d.mul(c.oneMinusRho()).mul(d));
            store(v, squareAvg, i);
            FloatVector std = v.add(c.eps()).lanewise(VectorOperators.SQRT);
            FloatVector u = load(accDelta, i);
            FloatVector delta = u.add(c.eps()).lanewise(VectorOperators.SQRT).div(std).mul(d);
            store(u.mul(c.rho()).add(delta.mul(c.oneMinusRho()).mul(delta)), accDelta, i);
            store(param.sub(delta.mul(c.lr())), p, i);
        }
    }
}

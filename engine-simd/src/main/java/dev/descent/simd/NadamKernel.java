package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NadamCoefficients;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * torch.optim.NAdam, torch ≥ 2.0 (Dozat 2016): {@code m = β1·m + (1-β1)·d; v = β2·v + (1-β2)·d·d;
 * den = sqrt(v/bc2) + eps; p = p + c_g·d/den; p = p + c_m·m/den}, the two coefficients from the host
 * (two roundings of p, as torch's two {@code addcdiv_}).
 */
final class NadamKernel {
    private NadamKernel() {
    }

    static void apply(NadamCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment p = Segments.of(s.param());
        MemorySegment g = Segments.of(s.grad());
        MemorySegment m = Segments.of(s.state("exp_avg"));
        MemorySegment v = Segments.of(s.state("exp_avg_sq"));
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, p, g, m, v, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            loop(c, clip, t.inOut(p), t.in(g), t.inOut(m), t.inOut(v), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(NadamCoefficients c, GradientClip clip, MemorySegment p, MemorySegment g, MemorySegment m,
            MemorySegment v, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector param = load(p, i);
            FloatVector d = Gradients.effective(load(g, i), param, c.weightDecay(), c.maximize(), clip);
            FloatVector mi = load(m, i).mul(c.beta1()).add(d.mul(c.oneMinusBeta1()));
            FloatVector vi = load(v, i).mul(c.beta2()).add(d.mul(c.oneMinusBeta2()).mul(d));
            store(mi, m, i);
            store(vi, v, i);
            FloatVector denom = vi.div(c.biasCorrection2()).lanewise(VectorOperators.SQRT).add(c.eps());
            param = param.add(d.mul(c.gradCoefficient()).div(denom));
            store(param.add(mi.mul(c.avgCoefficient()).div(denom)), p, i);
        }
    }
}

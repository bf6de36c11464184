package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.store;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.VsgdCoefficients;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * vSGD-l and vSGD-fd (Schaul, Zhang &amp; LeCun 2013; Schaul &amp; LeCun 2013), the lane-wise twin of
 * {@code dev.descent.reference.VsgdKernel}, in its order of operations: slow-start steps average
 * ({@code a + (1/t)·(x - a)}) and leave the parameter; other steps lengthen {@code τ} by one for an
 * outlier (a lane mask), update the averages as {@code a + (x - a)/τ}, and move by
 * {@code lr·η·g} with {@code η = r/(h̄ + eps)} or, for fd, {@code r·((h̄ + eps)/(h2̄ + eps))}.
 */
final class VsgdKernel {
    private VsgdKernel() {
    }

    static void apply(VsgdCoefficients c, GradientClip clip, ParameterSlots s, long from, long to) {
        MemorySegment[] m = {
            Segments.of(s.param()), Segments.of(s.grad()), Segments.of(s.state("g_avg")),
            Segments.of(s.state("v_avg")), Segments.of(s.state("h_avg")), Segments.of(s.state("tau")),
            Segments.of(s.state("curvature")), c.batchSquares() ? Segments.of(s.state("grad_sq")) : null,
            c.finiteDifference() ? Segments.of(s.state("h2_avg")) : null,
            c.curvatureSquares() ? Segments.of(s.state("curvature_sq")) : null};
        long bound = Lanes.loopBound(from, to);
        loop(c, clip, m, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            MemorySegment[] copies = {
                t.inOut(m[0]), t.in(m[1]), t.inOut(m[2]), t.inOut(m[3]), t.inOut(m[4]), t.inOut(m[5]),
                t.in(m[6]), t.in(m[7]), t.inOut(m[8]), t.in(m[9])};
            loop(c, clip, copies, 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void loop(VsgdCoefficients c, GradientClip clip, MemorySegment[] m, long from, long to) {
        MemorySegment p = m[0];
        MemorySegment gr = m[1];
        MemorySegment gAvg = m[2];
        MemorySegment vAvg = m[3];
        MemorySegment hAvg = m[4];
        MemorySegment tau = m[5];
        MemorySegment curvature = m[6];
        MemorySegment gradSq = m[7];
        MemorySegment h2Avg = m[8];
        MemorySegment curvatureSq = m[9];
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector g = Gradients.clipped(load(gr, i), clip);
            FloatVector sq = gradSq != null ? load(gradSq, i) : g.mul(g);
            FloatVector h = load(curvature, i).abs();
            FloatVector hsq = curvatureSq != null ? load(curvatureSq, i) : h.mul(h);
            FloatVector gb = load(gAvg, i);
            FloatVector vb = load(vAvg, i);
            FloatVector hb = load(hAvg, i);
            FloatVector h2b = h2Avg != null ? load(h2Avg, i) : g.broadcast(0f);
            if (c.sampling()) {
                float w = c.sampleWeight();
                gb = gb.add(g.sub(gb).mul(w));
                vb = vb.add(sq.sub(vb).mul(w));
                hb = hb.add(h.sub(hb).mul(w));
                h2b = h2b.add(hsq.sub(h2b).mul(w));
                if (c.finishSampling()) {
                    vb = vb.mul(c.slowStartFactor());
                }
            } else {
                FloatVector t = load(tau, i);
                if (c.outlierLevelSq() > 0) {
                    FloatVector dg = g.sub(gb);
                    VectorMask<Float> outlier = dg.mul(dg).compare(VectorOperators.GT,
                            vb.sub(gb.mul(gb)).mul(c.invBatch()).mul(c.outlierLevelSq()));
                    if (h2Avg != null) {
                        FloatVector dh = h.sub(hb);
                        outlier = outlier.or(dh.mul(dh).compare(VectorOperators.GT,
                                h2b.sub(hb.mul(hb)).mul(c.invBatch()).mul(c.outlierLevelSq())));
                    }
                    t = t.blend(t.add(1f), outlier);
                }
                gb = gb.add(g.sub(gb).div(t));
                vb = vb.add(sq.sub(vb).div(t));
                hb = hb.add(h.sub(hb).div(t));
                h2b = h2b.add(hsq.sub(h2b).div(t));
                FloatVector gg = gb.mul(gb);
                FloatVector r = gg.div(vb.mul(c.invBatch()).add(gg.mul(c.batchSpread())).add(c.eps())).min(1f);
                store(r.broadcast(1f).sub(r).mul(t).add(1f), tau, i);
                FloatVector rate = h2Avg != null
                        ? r.mul(hb.add(c.eps()).div(h2b.add(c.eps())))
                        : r.div(hb.add(c.eps()));
                store(load(p, i).sub(rate.mul(c.lr()).mul(g)), p, i);
            }
            store(gb, gAvg, i);
            store(vb, vAvg, i);
            store(hb, hAvg, i);
            if (h2Avg != null) {
                store(h2b, h2Avg, i);
            }
        }
    }
}

package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * The extended Rosenbrock function over the pairs {@code (a, b) = (x_{2i}, x_{2i+1})}, the twin of
 * {@code dev.descent.reference.RosenbrockKernel}, in double for float32 and float64. A vector holds
 * whole pairs (vectors start at even elements and hold an even number of lanes): swapping each lane
 * with its {@link #PARTNER} gives every lane both {@code a} and {@code b}, each lane computes its own
 * output with the reference's operations in the reference's order, and {@link #FIRST} picks the
 * {@code a}-lane results. So gradients and products equal the reference bit for bit; only the value,
 * a sum, is added per lane and per block. (A scalar loop over the pairs was measured 25% slower on
 * float64 and 50% slower on float32, over 4·10⁶ elements.) Loops as {@link DoubleLanes} lays out.
 */
final class RosenbrockKernel {
    private RosenbrockKernel() {
    }

    /** Lane {@code k} takes lane {@code k ^ 1}: the other element of its pair. */
    private static final VectorShuffle<Double> PARTNER = VectorShuffle.fromOp(Lanes.DOUBLE_SPECIES, k -> k ^ 1);

    /** The even lanes, which hold the first element {@code a} of each pair. */
    private static final VectorMask<Double> FIRST = VectorMask.fromLong(Lanes.DOUBLE_SPECIES, 0x5555_5555_5555_5555L);

    private static final DoubleVector ONE = DoubleVector.broadcast(Lanes.DOUBLE_SPECIES, 1);

    private static final DoubleVector TWO_HUNDRED = DoubleVector.broadcast(Lanes.DOUBLE_SPECIES, 200);

    // ---- the bodies: one vector of pairs -----------------------------------------------------------

    /** {@code a} in every lane of a pair. */
    private static DoubleVector first(DoubleVector x) {
        return x.rearrange(PARTNER).blend(x, FIRST);
    }

    /** {@code b} in every lane of a pair. */
    private static DoubleVector second(DoubleVector x) {
        return x.blend(x.rearrange(PARTNER), FIRST);
    }

    /** {@code 100(b − a²)² + (1 − a)²}, in both lanes of a pair. */
    private static DoubleVector value(DoubleVector x) {
        DoubleVector a = first(x);
        DoubleVector t = second(x).sub(a.mul(a));
        DoubleVector u = ONE.sub(a);
        return t.mul(100).mul(t).add(u.mul(u));
    }

    /** {@code ∂f/∂a = −400a(b − a²) − 2(1 − a)} in the first lane, {@code ∂f/∂b = 200(b − a²)} in the second. */
    private static DoubleVector gradient(DoubleVector x) {
        DoubleVector a = first(x);
        DoubleVector t = second(x).sub(a.mul(a));
        DoubleVector u = ONE.sub(a);
        return t.mul(200).blend(a.mul(-400).mul(t).sub(u.mul(2)), FIRST);
    }

    /**
     * {@code [[c, −400a], [−400a, 200]]·(va, vb)} with {@code c = (k·a)·a − 400b + 2} for the Hessian
     * ({@code k = 1200}) and {@code c = (k·a)·a + 2} for Gauss–Newton ({@code k = 800}): a subtraction
     * masked by the lanes where {@code k} is 1200, not a branch, which the loop could not unswitch
     * (and not {@code −0·b}, which would turn an infinite {@code b} into NaN).
     */
    private static DoubleVector curvatureProduct(double k, DoubleVector x, DoubleVector v) {
        DoubleVector a = first(x);
        DoubleVector va = first(v);
        DoubleVector vb = second(v);
        DoubleVector kv = DoubleVector.broadcast(Lanes.DOUBLE_SPECIES, k);
        DoubleVector c = a.mul(kv).mul(a).sub(second(x).mul(400), kv.compare(VectorOperators.EQ, 1200)).add(2);
        DoubleVector outA = c.mul(va).sub(a.mul(400).mul(vb));
        DoubleVector outB = a.mul(-400).mul(va).add(vb.mul(200));
        return outB.blend(outA, FIRST);
    }

    /** {@code 800a² + 2} in the first lane of a pair, {@code 200} in the second. */
    private static DoubleVector gaussNewtonDiagonal(DoubleVector x) {
        DoubleVector a = first(x);
        return TWO_HUNDRED.blend(a.mul(800).mul(a).add(2), FIRST);
    }

    // ---- the loops, one per dtype ------------------------------------------------------------------

    /** {@code f} over {@code [from, to)} (even bounds), summed per lane; writes the gradient. */
    static double valueAndGradient(MemorySegment x, MemorySegment g, boolean floats, long from, long to) {
        return floats ? valueAndGradientFloats(x, g, from, to) : valueAndGradientDoubles(x, g, from, to);
    }

    private static double valueAndGradientFloats(MemorySegment x, MemorySegment g, long from, long to) {
        long bound = DoubleLanes.loopBound(from, to);
        DoubleVector f = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector xi = DoubleLanes.loadFloats(x, i);
            f = f.add(value(xi), FIRST);
            DoubleLanes.storeFloats(gradient(xi), g, i);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleVector xi = DoubleLanes.loadFloats(x, bound, m);
            f = f.add(value(xi), FIRST.and(m)); // no term from the lanes past the end
            DoubleLanes.storeFloats(gradient(xi), g, bound, m);
        }
        return DoubleLanes.sumLanes(f);
    }

    private static double valueAndGradientDoubles(MemorySegment x, MemorySegment g, long from, long to) {
        long bound = DoubleLanes.loopBound(from, to);
        DoubleVector f = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector xi = DoubleLanes.loadDoubles(x, i);
            f = f.add(value(xi), FIRST);
            DoubleLanes.storeDoubles(gradient(xi), g, i);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleVector xi = DoubleLanes.loadDoubles(x, bound, m);
            f = f.add(value(xi), FIRST.and(m));
            DoubleLanes.storeDoubles(gradient(xi), g, bound, m);
        }
        return DoubleLanes.sumLanes(f);
    }

    /**
     * {@code out ← C·v} over {@code [from, to)}, per pair {@code [[c, −400a], [−400a, 200]]·(va, vb)}
     * with {@code c = 1200a² − 400b + 2} (Hessian) or {@code 800a² + 2} (Gauss–Newton).
     */
    static void curvatureVector(boolean hessian, MemorySegment x, MemorySegment v, MemorySegment out, boolean floats,
            long from, long to) {
        double k = hessian ? 1200 : 800;
        if (floats) {
            curvatureVectorFloats(k, x, v, out, from, to);
        } else {
            curvatureVectorDoubles(k, x, v, out, from, to);
        }
    }

    private static void curvatureVectorFloats(double k, MemorySegment x, MemorySegment v, MemorySegment out,
            long from, long to) {
        long bound = DoubleLanes.loopBound(from, to);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector xi = DoubleLanes.loadFloats(x, i);
            DoubleLanes.storeFloats(curvatureProduct(k, xi, DoubleLanes.loadFloats(v, i)), out, i);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleVector xi = DoubleLanes.loadFloats(x, bound, m);
            DoubleLanes.storeFloats(curvatureProduct(k, xi, DoubleLanes.loadFloats(v, bound, m)), out, bound, m);
        }
    }

    private static void curvatureVectorDoubles(double k, MemorySegment x, MemorySegment v, MemorySegment out,
            long from, long to) {
        long bound = DoubleLanes.loopBound(from, to);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector xi = DoubleLanes.loadDoubles(x, i);
            DoubleLanes.storeDoubles(curvatureProduct(k, xi, DoubleLanes.loadDoubles(v, i)), out, i);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleVector xi = DoubleLanes.loadDoubles(x, bound, m);
            DoubleLanes.storeDoubles(curvatureProduct(k, xi, DoubleLanes.loadDoubles(v, bound, m)), out, bound, m);
        }
    }

    /** {@code out ← diag(2JᵀJ)} over {@code [from, to)}: per pair {@code (800a² + 2, 200)}. */
    static void gaussNewtonDiagonal(MemorySegment x, MemorySegment out, boolean floats, long from, long to) {
        if (floats) {
            gaussNewtonDiagonalFloats(x, out, from, to);
        } else {
            gaussNewtonDiagonalDoubles(x, out, from, to);
        }
    }

    private static void gaussNewtonDiagonalFloats(MemorySegment x, MemorySegment out, long from, long to) {
        long bound = DoubleLanes.loopBound(from, to);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleLanes.storeFloats(gaussNewtonDiagonal(DoubleLanes.loadFloats(x, i)), out, i);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleLanes.storeFloats(gaussNewtonDiagonal(DoubleLanes.loadFloats(x, bound, m)), out, bound, m);
        }
    }

    private static void gaussNewtonDiagonalDoubles(MemorySegment x, MemorySegment out, long from, long to) {
        long bound = DoubleLanes.loopBound(from, to);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleLanes.storeDoubles(gaussNewtonDiagonal(DoubleLanes.loadDoubles(x, i)), out, i);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleLanes.storeDoubles(gaussNewtonDiagonal(DoubleLanes.loadDoubles(x, bound, m)), out, bound, m);
        }
    }
}

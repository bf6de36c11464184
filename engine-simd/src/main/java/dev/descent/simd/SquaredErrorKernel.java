package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * The twin of the reference's {@code squaredError} over a block of elements: {@code d = pred − target} in
 * double, {@code gradient ← scale·2·d} rounded once (equal to the reference bit for bit), and the block's
 * {@code Σ d²} added per lane (a fused multiply-add each), so the value differs from the reference's
 * left-to-right sum within {@code γₙ·Σ d²}. Laid out as {@link DoubleLanes} explains.
 */
final class SquaredErrorKernel {
    private SquaredErrorKernel() {
    }

    /** The sum of {@code d²} over {@code [from, to)} of float32 memory, writing the gradient. */
    static double floats(MemorySegment pred, MemorySegment target, MemorySegment gradient, double scale, long from,
            long to) {
        double twice = scale * 2;
        long bound = DoubleLanes.loopBound(from, to);
        DoubleVector sum = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (long e = from; e < bound; e += Lanes.DOUBLE_LENGTH) {
            DoubleVector d = DoubleLanes.loadFloats(pred, e).sub(DoubleLanes.loadFloats(target, e));
            sum = d.fma(d, sum);
            DoubleLanes.storeFloats(d.mul(twice), gradient, e);
        }
        if (bound < to) {
            VectorMask<Double> tail = DoubleLanes.tail(bound, to);
            DoubleVector d = DoubleLanes.loadFloats(pred, bound, tail).sub(DoubleLanes.loadFloats(target, bound, tail));
            sum = d.fma(d, sum);
            DoubleLanes.storeFloats(d.mul(twice), gradient, bound, tail);
        }
        return DoubleLanes.sumLanes(sum);
    }

    /** {@link #floats} over float64 memory. */
    static double doubles(MemorySegment pred, MemorySegment target, MemorySegment gradient, double scale, long from,
            long to) {
        double twice = scale * 2;
        long bound = DoubleLanes.loopBound(from, to);
        DoubleVector sum = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (long e = from; e < bound; e += Lanes.DOUBLE_LENGTH) {
            DoubleVector d = DoubleLanes.loadDoubles(pred, e).sub(DoubleLanes.loadDoubles(target, e));
            sum = d.fma(d, sum);
            DoubleLanes.storeDoubles(d.mul(twice), gradient, e);
        }
        if (bound < to) {
            VectorMask<Double> tail = DoubleLanes.tail(bound, to);
            DoubleVector d = DoubleLanes.loadDoubles(pred, bound, tail)
                    .sub(DoubleLanes.loadDoubles(target, bound, tail));
            sum = d.fma(d, sum);
            DoubleLanes.storeDoubles(d.mul(twice), gradient, bound, tail);
        }
        return DoubleLanes.sumLanes(sum);
    }
}

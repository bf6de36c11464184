package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.loadDoubles;
import static dev.descent.simd.Lanes.loadWidened;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The reductions over one block {@code [from, to)} of float32 or float64 memory. The backend cuts a
 * tensor into fixed blocks ({@link Chunks#CHUNK} elements, whatever the thread count) and combines
 * the blocks' results in block order, so a result never depends on how many threads computed it.
 *
 * <p>Sums accumulate in double, one partial sum per double lane, lane {@code j} taking the elements
 * {@code j, j+L, j+2L, ...} of the block in order, with {@code fma}; the lanes are then added in lane
 * order (by hand: {@code reduceLanes(ADD)} leaves its order unspecified). float32 elements are
 * widened to double first, so their products are exact and {@code fma} equals a multiply and an
 * add; only the sums round. Maxima and the non-finite test do not depend on the order at all.
 */
final class SimdReductions {
    private SimdReductions() {
    }

    /** {@code Σ aᵢbᵢ} over the block of two float32 tensors, in double. */
    static double dot(MemorySegment a, MemorySegment b, long from, long to) {
        long bound = from + Lanes.WIDENING_SPECIES.loopBound(to - from);
        DoubleVector sum = dot(a, b, from, bound, Lanes.ALL_WIDENING, DoubleVector.zero(Lanes.DOUBLE_SPECIES));
        if (bound < to) {
            sum = dot(a, b, bound, to, Lanes.WIDENING_SPECIES.indexInRange(bound, to), sum);
        }
        return sumLanes(sum);
    }

    private static DoubleVector dot(MemorySegment a, MemorySegment b, long from, long to, VectorMask<Float> lanes,
            DoubleVector sum) {
        for (long i = from; i < to; i += Lanes.WIDENING_LENGTH) {
            sum = loadWidened(a, i, lanes).fma(loadWidened(b, i, lanes), sum);
        }
        return sum;
    }

    /** {@code Σ aᵢbᵢ} over the block of two float64 tensors (each product fused into its sum). */
    static double dotDoubles(MemorySegment a, MemorySegment b, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        DoubleVector sum = dotDoubles(a, b, from, bound, Lanes.ALL_DOUBLES, DoubleVector.zero(Lanes.DOUBLE_SPECIES));
        if (bound < to) {
            sum = dotDoubles(a, b, bound, to, Lanes.doubleTail(bound, to), sum);
        }
        return sumLanes(sum);
    }

    private static DoubleVector dotDoubles(MemorySegment a, MemorySegment b, long from, long to,
            VectorMask<Double> lanes, DoubleVector sum) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            sum = loadDoubles(a, i, lanes).fma(loadDoubles(b, i, lanes), sum);
        }
        return sum;
    }

    private static double sumLanes(DoubleVector lanes) {
        double sum = 0;
        for (double lane : lanes.toArray()) {
            sum += lane;
        }
        return sum;
    }

    /** {@code max |xᵢ|} over the block of a float32 tensor: 0 if empty, NaN if any element is NaN. */
    static double maxAbs(MemorySegment x, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        FloatVector max = maxAbs(x, from, bound, Lanes.ALL, FloatVector.zero(Lanes.SPECIES));
        if (bound < to) {
            max = maxAbs(x, bound, to, Lanes.tail(bound, to), max); // lanes past the end load as 0
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    private static FloatVector maxAbs(MemorySegment x, long from, long to, VectorMask<Float> lanes, FloatVector max) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            max = max.max(load(x, i, lanes).abs()); // MAX is Math.max: a NaN lane stays NaN
        }
        return max;
    }

    /** {@code max |xᵢ|} over the block of a float64 tensor: 0 if empty, NaN if any element is NaN. */
    static double maxAbsDoubles(MemorySegment x, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        DoubleVector max = maxAbsDoubles(x, from, bound, Lanes.ALL_DOUBLES, DoubleVector.zero(Lanes.DOUBLE_SPECIES));
        if (bound < to) {
            max = maxAbsDoubles(x, bound, to, Lanes.doubleTail(bound, to), max);
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    private static DoubleVector maxAbsDoubles(MemorySegment x, long from, long to, VectorMask<Double> lanes,
            DoubleVector max) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            max = max.max(loadDoubles(x, i, lanes).abs());
        }
        return max;
    }

    /**
     * Whether the block of a float32 tensor holds NaN or ±Infinity: {@code x - x} is 0 for a finite
     * {@code x} and NaN otherwise, so a sum of them is NaN exactly when some element is not finite.
     */
    static boolean hasNonFinite(MemorySegment x, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        FloatVector sum = differences(x, from, bound, Lanes.ALL, FloatVector.zero(Lanes.SPECIES));
        if (bound < to) {
            sum = differences(x, bound, to, Lanes.tail(bound, to), sum);
        }
        return Float.isNaN(sum.reduceLanes(VectorOperators.ADD));
    }

    private static FloatVector differences(MemorySegment x, long from, long to, VectorMask<Float> lanes,
            FloatVector sum) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            FloatVector xi = load(x, i, lanes);
            sum = sum.add(xi.sub(xi));
        }
        return sum;
    }

    /** Whether the block of a float64 tensor holds NaN or ±Infinity (see {@link #hasNonFinite}). */
    static boolean hasNonFiniteDoubles(MemorySegment x, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        DoubleVector sum =
                differencesDoubles(x, from, bound, Lanes.ALL_DOUBLES, DoubleVector.zero(Lanes.DOUBLE_SPECIES));
        if (bound < to) {
            sum = differencesDoubles(x, bound, to, Lanes.doubleTail(bound, to), sum);
        }
        return Double.isNaN(sum.reduceLanes(VectorOperators.ADD));
    }

    private static DoubleVector differencesDoubles(MemorySegment x, long from, long to, VectorMask<Double> lanes,
            DoubleVector sum) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector xi = loadDoubles(x, i, lanes);
            sum = sum.add(xi.sub(xi));
        }
        return sum;
    }
}

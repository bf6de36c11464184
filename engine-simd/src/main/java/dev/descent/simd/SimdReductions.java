package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.loadDoubles;

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
 * {@code j, j+L, j+2L, ...} of each run of {@link #RUN} elements in order, with {@code fma}; the runs'
 * lane sums are added in order, and the lanes then in lane order (by hand: {@code reduceLanes(ADD)}
 * leaves its order unspecified). The dot loops follow the layout of {@link DoubleLanes}: one loop
 * per dtype, no mask inside. float32 elements are
 * widened to double first, so their products are exact and {@code fma} equals a multiply and an
 * add; only the sums round. Maxima and the non-finite test do not depend on the order at all.
 */
final class SimdReductions {
    private SimdReductions() {
    }

    /**
     * Elements per run of a block's dot product: a block sums per lane within each run, then adds the
     * runs' lane sums in order. {@link SimdDots} shares the runs (as its cache-sized sub-blocks: 16
     * KiB of float64 per tensor), which is what makes its results equal {@code dot}'s.
     */
    static final int RUN = 2048;

    /** {@code Σ aᵢbᵢ} over the block of two float32 tensors, in double. */
    static double dot(MemorySegment a, MemorySegment b, long from, long to) {
        double[] laneSums = new double[Lanes.DOUBLE_LENGTH];
        for (long run = from; run < to; run += RUN) {
            addDotLanesFloats(a, 0, b, run, Math.min(run + RUN, to), laneSums, 0);
        }
        return sum(laneSums, 0, laneSums.length);
    }

    /** {@code Σ aᵢbᵢ} over the block of two float64 tensors (each product fused into its sum). */
    static double dotDoubles(MemorySegment a, MemorySegment b, long from, long to) {
        double[] laneSums = new double[Lanes.DOUBLE_LENGTH];
        for (long run = from; run < to; run += RUN) {
            addDotLanesDoubles(a, 0, b, run, Math.min(run + RUN, to), laneSums, 0);
        }
        return sum(laneSums, 0, laneSums.length);
    }

    /**
     * Adds to {@code laneSums[at + j]} the lane sums of the products {@code a[shift + i]·b[i]} for
     * {@code i} in {@code [from, to)} of float32 memory: lane {@code j} takes {@code i = from + j,
     * from + j + L, ...} in order from 0, each with one {@code fma}, and is then added to
     * {@code laneSums[at + j]}. The loop of every dot product of the backend ({@code dot},
     * {@code dots}, the rows of {@code matVec}); laid out as {@link DoubleLanes} explains, so callers
     * pick the float32 or float64 loop themselves rather than through one more call.
     */
    static void addDotLanesFloats(MemorySegment a, long shift, MemorySegment b, long from, long to,
            double[] laneSums, int at) {
        long bound = DoubleLanes.loopBound(from, to);
        DoubleVector sum = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            sum = DoubleLanes.loadFloats(a, shift + i).fma(DoubleLanes.loadFloats(b, i), sum);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            sum = DoubleLanes.loadFloats(a, shift + bound, m).fma(DoubleLanes.loadFloats(b, bound, m), sum);
        }
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at).add(sum).intoArray(laneSums, at);
    }

    /** {@link #addDotLanesFloats} over float64 memory. */
    static void addDotLanesDoubles(MemorySegment a, long shift, MemorySegment b, long from, long to,
            double[] laneSums, int at) {
        long bound = DoubleLanes.loopBound(from, to);
        DoubleVector sum = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            sum = DoubleLanes.loadDoubles(a, shift + i).fma(DoubleLanes.loadDoubles(b, i), sum);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            sum = DoubleLanes.loadDoubles(a, shift + bound, m).fma(DoubleLanes.loadDoubles(b, bound, m), sum);
        }
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at).add(sum).intoArray(laneSums, at);
    }

    /**
     * {@link #addDotLanesFloats} for the four products {@code a·b0 ... a·b3} at once, into the lane
     * sums at {@code at0 ... at3}: the same chain of {@code fma}s per product, so the same results,
     * with {@code a} loaded once for four products and four independent chains in flight instead of
     * one waiting on the latency of the last ({@link SimdDots} reads its operands from cache, where
     * loads and that latency, not memory, would bound it).
     */
    static void addDotLanes4Floats(MemorySegment a, MemorySegment b0, MemorySegment b1, MemorySegment b2,
            MemorySegment b3, long from, long to, double[] laneSums, int at0, int at1, int at2, int at3) {
        long bound = DoubleLanes.loopBound(from, to);
        DoubleVector s0 = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector ai = DoubleLanes.loadFloats(a, i);
            s0 = ai.fma(DoubleLanes.loadFloats(b0, i), s0);
            s1 = ai.fma(DoubleLanes.loadFloats(b1, i), s1);
            s2 = ai.fma(DoubleLanes.loadFloats(b2, i), s2);
            s3 = ai.fma(DoubleLanes.loadFloats(b3, i), s3);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleVector ai = DoubleLanes.loadFloats(a, bound, m);
            s0 = ai.fma(DoubleLanes.loadFloats(b0, bound, m), s0);
            s1 = ai.fma(DoubleLanes.loadFloats(b1, bound, m), s1);
            s2 = ai.fma(DoubleLanes.loadFloats(b2, bound, m), s2);
            s3 = ai.fma(DoubleLanes.loadFloats(b3, bound, m), s3);
        }
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at0).add(s0).intoArray(laneSums, at0);
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at1).add(s1).intoArray(laneSums, at1);
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at2).add(s2).intoArray(laneSums, at2);
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at3).add(s3).intoArray(laneSums, at3);
    }

    /** {@link #addDotLanes4Floats} over float64 memory. */
    static void addDotLanes4Doubles(MemorySegment a, MemorySegment b0, MemorySegment b1, MemorySegment b2,
            MemorySegment b3, long from, long to, double[] laneSums, int at0, int at1, int at2, int at3) {
        long bound = DoubleLanes.loopBound(from, to);
        DoubleVector s0 = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector ai = DoubleLanes.loadDoubles(a, i);
            s0 = ai.fma(DoubleLanes.loadDoubles(b0, i), s0);
            s1 = ai.fma(DoubleLanes.loadDoubles(b1, i), s1);
            s2 = ai.fma(DoubleLanes.loadDoubles(b2, i), s2);
            s3 = ai.fma(DoubleLanes.loadDoubles(b3, i), s3);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleVector ai = DoubleLanes.loadDoubles(a, bound, m);
            s0 = ai.fma(DoubleLanes.loadDoubles(b0, bound, m), s0);
            s1 = ai.fma(DoubleLanes.loadDoubles(b1, bound, m), s1);
            s2 = ai.fma(DoubleLanes.loadDoubles(b2, bound, m), s2);
            s3 = ai.fma(DoubleLanes.loadDoubles(b3, bound, m), s3);
        }
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at0).add(s0).intoArray(laneSums, at0);
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at1).add(s1).intoArray(laneSums, at1);
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at2).add(s2).intoArray(laneSums, at2);
        DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, laneSums, at3).add(s3).intoArray(laneSums, at3);
    }

    /** {@code values[from] + values[from+1] + ...}, left to right: the lane sums of a reduction, in lane order. */
    static double sum(double[] values, int from, int to) {
        double sum = 0;
        for (int k = from; k < to; k++) {
            sum += values[k];
        }
        return sum;
    }

    // maxAbs and hasNonFinite: the loop-carried vector starts inside the loop's method and its tail
    // follows the loop there, never passed in or returned (see DoubleLanes: measured 7 times faster).

    /** {@code max |xᵢ|} over the block of a float32 tensor: 0 if empty, NaN if any element is NaN. */
    static double maxAbs(MemorySegment x, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        FloatVector max = FloatVector.zero(Lanes.SPECIES);
        for (long i = from; i < bound; i += Lanes.LENGTH) {
            max = max.max(load(x, i).abs()); // MAX is Math.max: a NaN lane stays NaN
        }
        if (bound < to) {
            max = max.max(load(x, bound, Lanes.tail(bound, to)).abs()); // lanes past the end load as 0
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /** {@code max |xᵢ|} over the block of a float64 tensor: 0 if empty, NaN if any element is NaN. */
    static double maxAbsDoubles(MemorySegment x, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        DoubleVector max = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            max = max.max(loadDoubles(x, i).abs());
        }
        if (bound < to) {
            max = max.max(loadDoubles(x, bound, Lanes.doubleTail(bound, to)).abs());
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /**
     * Whether the block of a float32 tensor holds NaN or ±Infinity: {@code x - x} is 0 for a finite
     * {@code x} and NaN otherwise, so a sum of them is NaN exactly when some element is not finite.
     */
    static boolean hasNonFinite(MemorySegment x, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        FloatVector sum = FloatVector.zero(Lanes.SPECIES);
        for (long i = from; i < bound; i += Lanes.LENGTH) {
            FloatVector xi = load(x, i);
            sum = sum.add(xi.sub(xi));
        }
        if (bound < to) {
            FloatVector xi = load(x, bound, Lanes.tail(bound, to));
            sum = sum.add(xi.sub(xi));
        }
        return Float.isNaN(sum.reduceLanes(VectorOperators.ADD));
    }

    /** Whether the block of a float64 tensor holds NaN or ±Infinity (see {@link #hasNonFinite}). */
    static boolean hasNonFiniteDoubles(MemorySegment x, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        DoubleVector sum = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector xi = loadDoubles(x, i);
            sum = sum.add(xi.sub(xi));
        }
        if (bound < to) {
            DoubleVector xi = loadDoubles(x, bound, Lanes.doubleTail(bound, to));
            sum = sum.add(xi.sub(xi));
        }
        return Double.isNaN(sum.reduceLanes(VectorOperators.ADD));
    }

    /** The blocks' partial sums of a reduction, added in block order. */
    static double sum(double[] partials) {
        double sum = 0;
        for (double partial : partials) {
            sum += partial;
        }
        return sum;
    }
}

package dev.descent.simd;

import static dev.descent.simd.Lanes.load;
import static dev.descent.simd.Lanes.loadDoubles;
import static dev.descent.simd.Lanes.store;
import static dev.descent.simd.Lanes.storeDoubles;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The elementwise vector operations over the elements {@code [from, to)} of float32 or float64
 * memory, in the operation order of {@code dev.descent.reference.ReferenceVectorOps} (so bit for bit
 * its results): float32 computes in float with the scalar rounded once, float64 in double. As in the
 * kernels, each operation's loop is written once and run over the full vectors, then over the one
 * masked vector at the end. The backend splits large tensors into chunks and calls these per chunk.
 */
final class SimdVectorOps {
    private SimdVectorOps() {
    }

    // ---- float32 ------------------------------------------------------------------------------

    /** {@code y ← a·x + y}. */
    static void axpy(float a, MemorySegment x, MemorySegment y, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        axpy(a, x, y, from, bound, Lanes.ALL);
        if (bound < to) {
            axpy(a, x, y, bound, to, Lanes.tail(bound, to));
        }
    }

    private static void axpy(float a, MemorySegment x, MemorySegment y, long from, long to, VectorMask<Float> lanes) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(load(x, i, lanes).mul(a).add(load(y, i, lanes)), y, i, lanes);
        }
    }

    /** {@code x ← a·x}. */
    static void scale(float a, MemorySegment x, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        scale(a, x, from, bound, Lanes.ALL);
        if (bound < to) {
            scale(a, x, bound, to, Lanes.tail(bound, to));
        }
    }

    private static void scale(float a, MemorySegment x, long from, long to, VectorMask<Float> lanes) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(load(x, i, lanes).mul(a), x, i, lanes);
        }
    }

    /** Every element becomes {@code value}. */
    static void fill(float value, MemorySegment x, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        fill(value, x, from, bound, Lanes.ALL);
        if (bound < to) {
            fill(value, x, bound, to, Lanes.tail(bound, to));
        }
    }

    private static void fill(float value, MemorySegment x, long from, long to, VectorMask<Float> lanes) {
        FloatVector v = FloatVector.broadcast(Lanes.SPECIES, value);
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(v, x, i, lanes);
        }
    }

    /** {@code out ← a ⊙ b}. */
    static void multiply(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        multiply(a, b, out, from, bound, Lanes.ALL);
        if (bound < to) {
            multiply(a, b, out, bound, to, Lanes.tail(bound, to));
        }
    }

    private static void multiply(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to,
            VectorMask<Float> lanes) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(load(a, i, lanes).mul(load(b, i, lanes)), out, i, lanes);
        }
    }

    /** {@code out ← a ⊘ b}. */
    static void divide(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        divide(a, b, out, from, bound, Lanes.ALL);
        if (bound < to) {
            divide(a, b, out, bound, to, Lanes.tail(bound, to));
        }
    }

    private static void divide(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to,
            VectorMask<Float> lanes) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(load(a, i, lanes).div(load(b, i, lanes)), out, i, lanes);
        }
    }

    // ---- float64 ------------------------------------------------------------------------------

    /** {@code y ← a·x + y}. */
    static void axpy(double a, MemorySegment x, MemorySegment y, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        axpy(a, x, y, from, bound, Lanes.ALL_DOUBLES);
        if (bound < to) {
            axpy(a, x, y, bound, to, Lanes.doubleTail(bound, to));
        }
    }

    private static void axpy(double a, MemorySegment x, MemorySegment y, long from, long to,
            VectorMask<Double> lanes) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(loadDoubles(x, i, lanes).mul(a).add(loadDoubles(y, i, lanes)), y, i, lanes);
        }
    }

    /** {@code x ← a·x}. */
    static void scale(double a, MemorySegment x, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        scale(a, x, from, bound, Lanes.ALL_DOUBLES);
        if (bound < to) {
            scale(a, x, bound, to, Lanes.doubleTail(bound, to));
        }
    }

    private static void scale(double a, MemorySegment x, long from, long to, VectorMask<Double> lanes) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(loadDoubles(x, i, lanes).mul(a), x, i, lanes);
        }
    }

    /** Every element becomes {@code value}. */
    static void fill(double value, MemorySegment x, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        fill(value, x, from, bound, Lanes.ALL_DOUBLES);
        if (bound < to) {
            fill(value, x, bound, to, Lanes.doubleTail(bound, to));
        }
    }

    private static void fill(double value, MemorySegment x, long from, long to, VectorMask<Double> lanes) {
        DoubleVector v = DoubleVector.broadcast(Lanes.DOUBLE_SPECIES, value);
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(v, x, i, lanes);
        }
    }

    /** {@code out ← a ⊙ b}. */
    static void multiplyDoubles(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        multiplyDoubles(a, b, out, from, bound, Lanes.ALL_DOUBLES);
        if (bound < to) {
            multiplyDoubles(a, b, out, bound, to, Lanes.doubleTail(bound, to));
        }
    }

    private static void multiplyDoubles(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to,
            VectorMask<Double> lanes) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(loadDoubles(a, i, lanes).mul(loadDoubles(b, i, lanes)), out, i, lanes);
        }
    }

    /** {@code out ← a ⊘ b}. */
    static void divideDoubles(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        divideDoubles(a, b, out, from, bound, Lanes.ALL_DOUBLES);
        if (bound < to) {
            divideDoubles(a, b, out, bound, to, Lanes.doubleTail(bound, to));
        }
    }

    private static void divideDoubles(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to,
            VectorMask<Double> lanes) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(loadDoubles(a, i, lanes).div(loadDoubles(b, i, lanes)), out, i, lanes);
        }
    }

    // ---- in double, either dtype (laid out as DoubleLanes explains) -------------------------------

    /**
     * {@code out ← Σₖ cₖ·vₖ} over float32 ({@code floats}) or float64 memory: per element a multiply
     * and then an add per term in double, {@code k} ascending from {@code c₀·v₀}, rounded once, as in
     * the reference. {@code out} may be one of the {@code vₖ}: each vector of elements reads every
     * term before it is stored.
     */
    static void linearCombination(double[] c, MemorySegment[] v, MemorySegment out, boolean floats, long from,
            long to) {
        if (floats) {
            linearCombinationFloats(c, v, out, from, to);
        } else {
            linearCombinationDoubles(c, v, out, from, to);
        }
    }

    private static void linearCombinationFloats(double[] c, MemorySegment[] v, MemorySegment out, long from,
            long to) {
        long bound = DoubleLanes.loopBound(from, to);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector sum = DoubleLanes.loadFloats(v[0], i).mul(c[0]);
            for (int k = 1; k < v.length; k++) {
                sum = sum.add(DoubleLanes.loadFloats(v[k], i).mul(c[k]));
            }
            DoubleLanes.storeFloats(sum, out, i);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleVector sum = DoubleLanes.loadFloats(v[0], bound, m).mul(c[0]);
            for (int k = 1; k < v.length; k++) {
                sum = sum.add(DoubleLanes.loadFloats(v[k], bound, m).mul(c[k]));
            }
            DoubleLanes.storeFloats(sum, out, bound, m);
        }
    }

    private static void linearCombinationDoubles(double[] c, MemorySegment[] v, MemorySegment out, long from,
            long to) {
        long bound = DoubleLanes.loopBound(from, to);
        for (long i = from; i < bound; i += Lanes.DOUBLE_LENGTH) {
            DoubleVector sum = DoubleLanes.loadDoubles(v[0], i).mul(c[0]);
            for (int k = 1; k < v.length; k++) {
                sum = sum.add(DoubleLanes.loadDoubles(v[k], i).mul(c[k]));
            }
            DoubleLanes.storeDoubles(sum, out, i);
        }
        if (bound < to) {
            VectorMask<Double> m = DoubleLanes.tail(bound, to);
            DoubleVector sum = DoubleLanes.loadDoubles(v[0], bound, m).mul(c[0]);
            for (int k = 1; k < v.length; k++) {
                sum = sum.add(DoubleLanes.loadDoubles(v[k], bound, m).mul(c[k]));
            }
            DoubleLanes.storeDoubles(sum, out, bound, m);
        }
    }
}

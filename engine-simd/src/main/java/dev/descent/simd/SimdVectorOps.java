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
 * kernels, each operation's loop is written once and run over the full vectors, then over copies of
 * the partial vector at the end ({@link Tail}). The backend splits large tensors into chunks and calls these per chunk.
 */
final class SimdVectorOps {
    private SimdVectorOps() {
    }

    // ---- float32 ------------------------------------------------------------------------------

    /** {@code y ← a·x + y}. */
    static void axpy(float a, MemorySegment x, MemorySegment y, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        axpyVectors(a, x, y, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            axpyVectors(a, t.in(x), t.inOut(y), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void axpyVectors(float a, MemorySegment x, MemorySegment y, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(load(x, i).mul(a).add(load(y, i)), y, i);
        }
    }

    /** {@code x ← a·x}. */
    static void scale(float a, MemorySegment x, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        scaleVectors(a, x, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            scaleVectors(a, t.inOut(x), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void scaleVectors(float a, MemorySegment x, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(load(x, i).mul(a), x, i);
        }
    }

    /** Every element becomes {@code value}. */
    static void fill(float value, MemorySegment x, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        fillVectors(value, x, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            fillVectors(value, t.inOut(x), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void fillVectors(float value, MemorySegment x, long from, long to) {
        FloatVector v = FloatVector.broadcast(Lanes.SPECIES, value);
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(v, x, i);
        }
    }

    /** {@code out ← a ⊙ b}. */
    static void multiply(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        multiplyVectors(a, b, out, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            multiplyVectors(t.in(a), t.in(b), t.inOut(out), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void multiplyVectors(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(load(a, i).mul(load(b, i)), out, i);
        }
    }

    /** {@code out ← a ⊘ b}. */
    static void divide(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        long bound = Lanes.loopBound(from, to);
        divideVectors(a, b, out, from, bound);
        if (bound < to) {
            Tail t = Tail.floats(bound, to);
            divideVectors(t.in(a), t.in(b), t.inOut(out), 0, Lanes.LENGTH);
            t.end();
        }
    }

    private static void divideVectors(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        for (long i = from; i < to; i += Lanes.LENGTH) {
            store(load(a, i).div(load(b, i)), out, i);
        }
    }

    // ---- float64 ------------------------------------------------------------------------------

    /** {@code y ← a·x + y}. */
    static void axpy(double a, MemorySegment x, MemorySegment y, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        axpyVectors(a, x, y, from, bound);
        if (bound < to) {
            Tail t = Tail.doubles(bound, to);
            axpyVectors(a, t.in(x), t.inOut(y), 0, Lanes.DOUBLE_LENGTH);
            t.end();
        }
    }

    private static void axpyVectors(double a, MemorySegment x, MemorySegment y, long from, long to) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(loadDoubles(x, i).mul(a).add(loadDoubles(y, i)), y, i);
        }
    }

    /** {@code x ← a·x}. */
    static void scale(double a, MemorySegment x, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        scaleVectors(a, x, from, bound);
        if (bound < to) {
            Tail t = Tail.doubles(bound, to);
            scaleVectors(a, t.inOut(x), 0, Lanes.DOUBLE_LENGTH);
            t.end();
        }
    }

    private static void scaleVectors(double a, MemorySegment x, long from, long to) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(loadDoubles(x, i).mul(a), x, i);
        }
    }

    /** Every element becomes {@code value}. */
    static void fill(double value, MemorySegment x, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        fillVectors(value, x, from, bound);
        if (bound < to) {
            Tail t = Tail.doubles(bound, to);
            fillVectors(value, t.inOut(x), 0, Lanes.DOUBLE_LENGTH);
            t.end();
        }
    }

    private static void fillVectors(double value, MemorySegment x, long from, long to) {
        DoubleVector v = DoubleVector.broadcast(Lanes.DOUBLE_SPECIES, value);
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(v, x, i);
        }
    }

    /** {@code out ← a ⊙ b}. */
    static void multiplyDoubles(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        multiplyDoublesVectors(a, b, out, from, bound);
        if (bound < to) {
            Tail t = Tail.doubles(bound, to);
            multiplyDoublesVectors(t.in(a), t.in(b), t.inOut(out), 0, Lanes.DOUBLE_LENGTH);
            t.end();
        }
    }

    private static void multiplyDoublesVectors(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(loadDoubles(a, i).mul(loadDoubles(b, i)), out, i);
        }
    }

    /** {@code out ← a ⊘ b}. */
    static void divideDoubles(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        long bound = Lanes.doubleLoopBound(from, to);
        divideDoublesVectors(a, b, out, from, bound);
        if (bound < to) {
            Tail t = Tail.doubles(bound, to);
            divideDoublesVectors(t.in(a), t.in(b), t.inOut(out), 0, Lanes.DOUBLE_LENGTH);
            t.end();
        }
    }

    private static void divideDoublesVectors(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to) {
        for (long i = from; i < to; i += Lanes.DOUBLE_LENGTH) {
            storeDoubles(loadDoubles(a, i).div(loadDoubles(b, i)), out, i);
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

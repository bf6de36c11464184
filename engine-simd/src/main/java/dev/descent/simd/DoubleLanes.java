package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Float32 or float64 memory as vectors of {@link Lanes#DOUBLE_LENGTH} doubles, for the kernels that
 * compute in double whatever the dtype (the multi-tensor vector operations and the objective
 * kernels): a float32 load widens exactly, a float32 store rounds each lane once.
 *
 * <p>How those kernels are laid out, and why. Each computes one vector of outputs in a small
 * function of vectors (the body, written once), called from one method per dtype that loops over
 * the full vectors with plain accesses and then handles the partial vector at the end with masked
 * ones. On JDK 25, C2 keeps vectors in registers only as long as nothing forces it to box them, and
 * these did, each measured over 2¹⁶ doubles: a branch on the dtype or on the mask inside a loop
 * (C2 does not unswitch it; 5 to 10 times slower), a loop-carried vector that comes in as a
 * parameter or leaves as a return value (5 times slower), and even two dtype loops in one method
 * (10 times slower after a recompilation). So a loop's vectors live and die in its method; what
 * leaves is a double, an array or memory. The bodies are small enough to be inlined into each loop
 * (measured: as fast as the same arithmetic written in the loop).
 *
 * <p>Calls are kept shallow too: a memory access of the Vector API is some six calls deep inside
 * the JDK, and C2 inlines at most 15 levels below the method it compiles; when the backend's
 * scheduler lambdas are inlined above a kernel (a benchmark that runs one operation only), an
 * access past that depth stops being an intrinsic and the loop ran 6 times slower (a float32 dot
 * over 2²⁰ elements: 1.0 against 0.15 ms). So a loop calls these accessors, which call the Vector API
 * directly, and is at most two calls below the backend.
 */
final class DoubleLanes {
    private DoubleLanes() {
    }

    /** The end of the full vectors of {@code [from, to)}. */
    static long loopBound(long from, long to) {
        return Lanes.doubleLoopBound(from, to);
    }

    /** The lanes of the vector at element {@code i} that lie before {@code to}. */
    static VectorMask<Double> tail(long i, long to) {
        return Lanes.doubleTail(i, to);
    }

    /** The float32 elements {@code i, i+1, ...} widened to doubles (a full vector). */
    static DoubleVector loadFloats(MemorySegment s, long i) {
        return widened(FloatVector.fromMemorySegment(Lanes.WIDENING_SPECIES, s, i * Float.BYTES, Lanes.ORDER));
    }

    /** The float32 elements {@code i, i+1, ...} in the lanes of {@code m}, widened; 0 in the others. */
    static DoubleVector loadFloats(MemorySegment s, long i, VectorMask<Double> m) {
        return widened(FloatVector.fromMemorySegment(Lanes.WIDENING_SPECIES, s, i * Float.BYTES, Lanes.ORDER,
                m.cast(Lanes.WIDENING_SPECIES)));
    }

    private static DoubleVector widened(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, Lanes.DOUBLE_SPECIES, 0);
    }

    /** The float64 elements {@code i, i+1, ...} (a full vector). */
    static DoubleVector loadDoubles(MemorySegment s, long i) {
        return DoubleVector.fromMemorySegment(Lanes.DOUBLE_SPECIES, s, i * Double.BYTES, Lanes.ORDER);
    }

    /** The float64 elements {@code i, i+1, ...} in the lanes of {@code m}; 0 in the others. */
    static DoubleVector loadDoubles(MemorySegment s, long i, VectorMask<Double> m) {
        return DoubleVector.fromMemorySegment(Lanes.DOUBLE_SPECIES, s, i * Double.BYTES, Lanes.ORDER, m);
    }

    /** Stores {@code v} to the float32 elements {@code i, i+1, ...}, each lane rounded once. */
    static void storeFloats(DoubleVector v, MemorySegment s, long i) {
        rounded(v).intoMemorySegment(s, i * Float.BYTES, Lanes.ORDER);
    }

    /** Stores the lanes {@code m} of {@code v} to float32 elements, each rounded once. */
    static void storeFloats(DoubleVector v, MemorySegment s, long i, VectorMask<Double> m) {
        rounded(v).intoMemorySegment(s, i * Float.BYTES, Lanes.ORDER, m.cast(Lanes.WIDENING_SPECIES));
    }

    /** Stores {@code v} to the float64 elements {@code i, i+1, ...}. */
    static void storeDoubles(DoubleVector v, MemorySegment s, long i) {
        v.intoMemorySegment(s, i * Double.BYTES, Lanes.ORDER);
    }

    /** Stores the lanes {@code m} of {@code v} to float64 elements. */
    static void storeDoubles(DoubleVector v, MemorySegment s, long i, VectorMask<Double> m) {
        v.intoMemorySegment(s, i * Double.BYTES, Lanes.ORDER, m);
    }

    private static FloatVector rounded(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, Lanes.WIDENING_SPECIES, 0);
    }

    /** Element {@code i} of float32 ({@code floats}) or float64 memory, as a double. */
    static double element(MemorySegment s, boolean floats, long i) {
        return floats
                ? s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i)
                : s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
    }

    /** Sets element {@code i} to {@code v}, rounded once for float32. */
    static void setElement(MemorySegment s, boolean floats, long i, double v) {
        if (floats) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) v);
        } else {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, v);
        }
    }

    /** The sum of the lanes of {@code v} in lane order ({@code reduceLanes(ADD)} leaves its order unspecified). */
    static double sumLanes(DoubleVector v) {
        double sum = 0;
        for (double lane : v.toArray()) {
            sum += lane;
        }
        return sum;
    }
}

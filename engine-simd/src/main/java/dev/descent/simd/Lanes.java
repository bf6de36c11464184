package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API constants of the backend, in a holder of their own. As {@code static final} fields
 * they are constants to C2, which is what lets it turn each vector operation into an instruction,
 * and they are initialised when a kernel first runs, after {@link SimdBackendProvider#availability()}
 * has found the module.
 *
 * <p>A kernel's loop reads and writes whole vectors with {@link #load(MemorySegment, long)} and
 * {@link #store(FloatVector, MemorySegment, long)} (and their float64 twins), which call the Vector
 * API and nothing else: unmasked, with no branch, so that whatever ran first, a copy of one compiled
 * on its own stays small enough for C2 to inline it into every loop (a loop that calls a separately
 * compiled accessor boxes every vector: ten times slower). The partial vector at the end of a range
 * goes through the same loop on copies ({@link Tail}), so each loop body is written once. The masked
 * accessors are for the reductions, whose one masked vector follows the loop in the same method.
 */
final class Lanes {
    private Lanes() {
    }

    /** float32 lanes of the widest vector this CPU runs well. */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** float64 lanes of the same width. */
    static final VectorSpecies<Double> DOUBLE_SPECIES = DoubleVector.SPECIES_PREFERRED;

    /** float32 lanes half as wide as {@link #DOUBLE_SPECIES}: widened to double they fill one double vector. */
    static final VectorSpecies<Float> WIDENING_SPECIES =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLE_SPECIES.vectorBitSize() / 2));

    /** Elements per float32 vector. */
    static final int LENGTH = SPECIES.length();

    /** Elements per float64 vector. */
    static final int DOUBLE_LENGTH = DOUBLE_SPECIES.length();

    /** Tensors hold their elements in native byte order (see {@link dev.descent.cpu.CpuTensor}). */
    static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** The end of the full float32 vectors of {@code [from, to)}. */
    static long loopBound(long from, long to) {
        return from + SPECIES.loopBound(to - from);
    }

    /** The end of the full float64 vectors of {@code [from, to)}. */
    static long doubleLoopBound(long from, long to) {
        return from + DOUBLE_SPECIES.loopBound(to - from);
    }

    /** The lanes of the float32 vector at element {@code i} that lie before {@code to}. */
    static VectorMask<Float> tail(long i, long to) {
        return SPECIES.indexInRange(i, to);
    }

    /** The lanes of the float64 vector at element {@code i} that lie before {@code to}. */
    static VectorMask<Double> doubleTail(long i, long to) {
        return DOUBLE_SPECIES.indexInRange(i, to);
    }

    /** The float32 elements {@code i, i+1, ...} of {@code s}: a full vector. */
    static FloatVector load(MemorySegment s, long i) {
        return FloatVector.fromMemorySegment(SPECIES, s, i * Float.BYTES, ORDER);
    }

    /** The float32 elements {@code i, i+1, ...} of {@code s} in the lanes of {@code m}; 0 in the others. */
    static FloatVector load(MemorySegment s, long i, VectorMask<Float> m) {
        return FloatVector.fromMemorySegment(SPECIES, s, i * Float.BYTES, ORDER, m);
    }

    /** Stores {@code v} to the float32 elements {@code i, i+1, ...} of {@code s}. */
    static void store(FloatVector v, MemorySegment s, long i) {
        v.intoMemorySegment(s, i * Float.BYTES, ORDER);
    }

    /** The float64 elements {@code i, i+1, ...} of {@code s}: a full vector. */
    static DoubleVector loadDoubles(MemorySegment s, long i) {
        return DoubleVector.fromMemorySegment(DOUBLE_SPECIES, s, i * Double.BYTES, ORDER);
    }

    /** The float64 elements {@code i, i+1, ...} of {@code s} in the lanes of {@code m}; 0 in the others. */
    static DoubleVector loadDoubles(MemorySegment s, long i, VectorMask<Double> m) {
        return DoubleVector.fromMemorySegment(DOUBLE_SPECIES, s, i * Double.BYTES, ORDER, m);
    }

    /** Stores {@code v} to the float64 elements {@code i, i+1, ...} of {@code s}. */
    static void storeDoubles(DoubleVector v, MemorySegment s, long i) {
        v.intoMemorySegment(s, i * Double.BYTES, ORDER);
    }
}

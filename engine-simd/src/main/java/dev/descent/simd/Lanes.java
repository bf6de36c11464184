package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API constants of the backend, in a holder of their own. As {@code static final} fields
 * they are constants to C2, which is what lets it turn each vector operation into an instruction,
 * and they are initialised when a kernel first runs, after {@link SimdBackendProvider#availability()}
 * has found the module.
 *
 * <p>Every load and store goes through {@link #load} and {@link #store} with a lane mask, so a
 * kernel writes its loop body once and runs it twice: over the full vectors with {@link #ALL}, then
 * over the one partial vector at the end with {@link #tail}. A masked access with an all-true mask is
 * not free: on JDK 25 an Adam loop of masked accesses ran at half the speed of plain ones (1.3 vs 2.5
 * G elements/s over 10⁵ elements, AVX-512). So {@code load} and {@code store} take the plain form when
 * the mask is {@code ALL}; the mask is a loop invariant, C2 unswitches the loop on it, and the main
 * loop holds plain accesses only (measured: equal to a hand-written unmasked loop). The body must sit
 * in the same method as its loop: a per-vector call to a separately compiled body is not inlined
 * ("already compiled into a big method") and ran at half speed too.
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

    /** Elements per {@link #WIDENING_SPECIES} vector (as many as {@link #DOUBLE_LENGTH}). */
    static final int WIDENING_LENGTH = WIDENING_SPECIES.length();

    /** Tensors hold their elements in native byte order (see {@link dev.descent.cpu.CpuTensor}). */
    static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Every float32 lane: the mask of a full vector. */
    static final VectorMask<Float> ALL = SPECIES.maskAll(true);

    /** Every float64 lane. */
    static final VectorMask<Double> ALL_DOUBLES = DOUBLE_SPECIES.maskAll(true);

    /** Every lane of a {@link #WIDENING_SPECIES} vector. */
    static final VectorMask<Float> ALL_WIDENING = WIDENING_SPECIES.maskAll(true);

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

    /** The float32 elements {@code i, i+1, ...} of {@code s} in the lanes of {@code m}; 0 in the others. */
    static FloatVector load(MemorySegment s, long i, VectorMask<Float> m) {
        return m == ALL
                ? FloatVector.fromMemorySegment(SPECIES, s, i * Float.BYTES, ORDER)
                : FloatVector.fromMemorySegment(SPECIES, s, i * Float.BYTES, ORDER, m);
    }

    /** Stores the lanes {@code m} of {@code v} to the float32 elements {@code i, i+1, ...} of {@code s}. */
    static void store(FloatVector v, MemorySegment s, long i, VectorMask<Float> m) {
        if (m == ALL) {
            v.intoMemorySegment(s, i * Float.BYTES, ORDER);
        } else {
            v.intoMemorySegment(s, i * Float.BYTES, ORDER, m);
        }
    }

    /** The float64 elements {@code i, i+1, ...} of {@code s} in the lanes of {@code m}; 0 in the others. */
    static DoubleVector loadDoubles(MemorySegment s, long i, VectorMask<Double> m) {
        return m == ALL_DOUBLES
                ? DoubleVector.fromMemorySegment(DOUBLE_SPECIES, s, i * Double.BYTES, ORDER)
                : DoubleVector.fromMemorySegment(DOUBLE_SPECIES, s, i * Double.BYTES, ORDER, m);
    }

    /** Stores the lanes {@code m} of {@code v} to the float64 elements {@code i, i+1, ...} of {@code s}. */
    static void storeDoubles(DoubleVector v, MemorySegment s, long i, VectorMask<Double> m) {
        if (m == ALL_DOUBLES) {
            v.intoMemorySegment(s, i * Double.BYTES, ORDER);
        } else {
            v.intoMemorySegment(s, i * Double.BYTES, ORDER, m);
        }
    }

    /**
     * The float32 elements {@code i, i+1, ...} of {@code s} in the lanes of {@code m}, a
     * {@link #WIDENING_SPECIES} mask, widened to doubles (exactly).
     */
    static DoubleVector loadWidened(MemorySegment s, long i, VectorMask<Float> m) {
        FloatVector x = m == ALL_WIDENING
                ? FloatVector.fromMemorySegment(WIDENING_SPECIES, s, i * Float.BYTES, ORDER)
                : FloatVector.fromMemorySegment(WIDENING_SPECIES, s, i * Float.BYTES, ORDER, m);
        return (DoubleVector) x.convertShape(VectorOperators.F2D, DOUBLE_SPECIES, 0);
    }
}

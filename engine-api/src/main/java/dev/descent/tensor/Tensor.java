package dev.descent.tensor;

import dev.descent.backend.Backend;
import java.lang.foreign.MemorySegment;

/**
 * A dense array of numbers owned by one {@link Backend}.
 *
 * <p>A tensor is created by its backend (allocated, copied from a Java array, or wrapping a
 * {@link MemorySegment} the caller owns) and lives until {@link #close()}. Any use after close
 * throws {@link IllegalStateException} naming the tensor; closing twice is harmless. A wrapped
 * segment stays the caller's: closing the tensor only forgets it.
 *
 * <p>Threads: a tensor may be read and written from several threads, with the caller ordering
 * conflicting writes (as for any array). Closing is thread-safe and takes effect for every thread: a
 * tensor closed by one thread and then used by another throws the same {@link IllegalStateException};
 * on the CPU backends a tensor closed while another thread's kernel runs on it ends that kernel with
 * an {@link IllegalStateException} (its memory is an FFM shared arena, whose close fails every later or
 * concurrent access) — never a read of freed memory ({@code ConcurrentUseTest}).
 */
public interface Tensor extends AutoCloseable {

    /** A human name used in error messages ("fc1.weight", "exp_avg of fc1.weight"). */
    String name();

    /** The element type. */
    DType dtype();

    /** The shape (a copy); a 1-D tensor of n elements has shape {@code [n]}. */
    long[] shape();

    /** The number of elements: the product of the shape. */
    long size();

    /** The backend that owns this tensor; operations of other backends reject it. */
    Backend backend();

    /** True once {@link #close()} has been called. */
    boolean isClosed();

    /** Copies {@code size()} values in from {@code source} (converted to this tensor's dtype). */
    void copyFrom(float[] source);

    /** Copies {@code size()} values in from {@code source} (converted to this tensor's dtype). */
    void copyFrom(double[] source);

    /** Copies the values out into {@code target}, which must hold {@code size()} elements. */
    void copyTo(float[] target);

    /** Copies the values out into {@code target}, which must hold {@code size()} elements. */
    void copyTo(double[] target);

    /** Copies {@code size()} elements of this tensor's dtype, native byte order, in from a segment. */
    void copyFrom(MemorySegment source);

    /** Copies the elements, this tensor's dtype in native byte order, out into a segment. */
    void copyTo(MemorySegment target);

    /** A new array holding the values as float32. */
    default float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(size())];
        copyTo(out);
        return out;
    }

    /** A new array holding the values as float64. */
    default double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(size())];
        copyTo(out);
        return out;
    }

    /** Releases the tensor's memory (if it owns any). Idempotent. */
    @Override
    void close();
}

package dev.descent.simd;

import dev.descent.kernel.KernelLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The last, partial vector of a kernel's elements, run through the kernel's own full-vector loop:
 * each array's few elements are copied into one vector of scratch memory (the lanes past the end
 * hold zeros, which are computed on and thrown away), the loop runs once over the copies, and the
 * arrays the kernel writes get their elements back. Every lane is computed by the same operations
 * as in the loop over the full vectors, so the result is the same bit for bit.
 *
 * <p>Why not a masked loop: a loop body written once and run with an all-true mask and then with
 * the tail mask needs helpers that branch on the mask, and such a helper, once it has been compiled
 * on its own (which happens while its loop still runs interpreted), compiled to more than C2's
 * {@code InlineSmallCode} (2500 bytes) whenever both branches had been taken: C2 then refused to
 * inline it into the loop ("already compiled into a big method"), every vector was boxed, and Adam
 * ran ten times slower (0.15 against 1.6 G elements/s), depending only on what had run first. The
 * loops now call unmasked accessors only, which compile on their own to a few hundred bytes.
 *
 * <p>One per thread (the backend's workers and the caller), reused; not reentrant.
 */
final class Tail {

    /** The most arrays one kernel reads or writes: the widest optimizer kernel's slots. */
    private static final int ARRAYS = KernelLayout.maxSlots();

    private static final long VECTOR_BYTES =
            Math.max(Lanes.SPECIES.vectorByteSize(), Lanes.DOUBLE_SPECIES.vectorByteSize());

    private static final ThreadLocal<Tail> PER_THREAD = ThreadLocal.withInitial(Tail::new);

    private final MemorySegment[] scratch = new MemorySegment[ARRAYS];
    private final MemorySegment[] writtenTo = new MemorySegment[ARRAYS]; // null for an array only read
    private int used;
    private long offset;
    private long bytes;

    private Tail() {
        Arena arena = Arena.ofAuto();
        for (int k = 0; k < ARRAYS; k++) {
            scratch[k] = arena.allocate(VECTOR_BYTES, VECTOR_BYTES);
        }
    }

    /** This thread's tail, ready for the float32 elements {@code [from, to)}, fewer than a vector. */
    static Tail floats(long from, long to) {
        return PER_THREAD.get().reset(from * Float.BYTES, (to - from) * Float.BYTES);
    }

    /** This thread's tail, ready for the float64 elements {@code [from, to)}, fewer than a vector. */
    static Tail doubles(long from, long to) {
        return PER_THREAD.get().reset(from * Double.BYTES, (to - from) * Double.BYTES);
    }

    private Tail reset(long offset, long bytes) {
        this.used = 0;
        this.offset = offset;
        this.bytes = bytes;
        return this;
    }

    /** A copy of the tail of {@code s}, an array the kernel only reads ({@code null} stays {@code null}). */
    MemorySegment in(MemorySegment s) {
        return copy(s, null);
    }

    /** A copy of the tail of {@code s}, an array the kernel writes, copied back by {@link #end()}. */
    MemorySegment inOut(MemorySegment s) {
        return copy(s, s);
    }

    private MemorySegment copy(MemorySegment s, MemorySegment back) {
        if (s == null) {
            return null;
        }
        MemorySegment copy = scratch[used];
        writtenTo[used++] = back;
        copy.fill((byte) 0);
        MemorySegment.copy(s, offset, copy, 0, bytes);
        return copy;
    }

    /** Copies the elements of every {@link #inOut} array back to where they came from. */
    void end() {
        for (int k = 0; k < used; k++) {
            if (writtenTo[k] != null) {
                MemorySegment.copy(scratch[k], 0, writtenTo[k], offset, bytes);
                writtenTo[k] = null;
            }
        }
        used = 0;
    }
}

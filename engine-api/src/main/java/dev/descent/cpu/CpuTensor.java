package dev.descent.cpu;

import dev.descent.backend.Backend;
import dev.descent.backend.HostOutOfMemoryException;
import dev.descent.tensor.AbstractTensor;
import dev.descent.tensor.DType;
import dev.descent.tensor.ElementCopies;
import dev.descent.tensor.HalfFloats;
import dev.descent.tensor.Shapes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor in host memory, shared by the CPU backends: the reference backend keeps it on the Java
 * heap (a {@code float[]}, {@code double[]} or, for the 16-bit types, {@code short[]} seen as a segment), the SIMD backend off-heap in a
 * 64-byte-aligned segment of its own {@link Arena}, and both can wrap a segment the caller owns
 * (exactly the shape's bytes; a larger segment is wrapped through a slice of it).
 *
 * <p>Lifetime: an owned segment is freed by {@link #close()} (its arena is closed, so even a stale
 * reference to the segment cannot read freed memory); a wrapped one is only forgotten. Every access
 * goes through {@link #segment()}, which throws {@link IllegalStateException} naming the tensor once
 * it is closed, or once the caller has closed the arena of a wrapped segment (the tensor then counts
 * as closed).
 *
 * <p>A {@linkplain #view view} is a window of another tensor's memory that owns nothing: closing it only
 * forgets the window, and once its parent is closed every use of the view throws
 * {@link IllegalStateException} naming both, before any memory is touched (a heap parent's array would
 * still be readable).
 */
public final class CpuTensor extends AbstractTensor {

    /** Alignment of off-heap tensors: one cache line, and the widest AVX-512 vector. */
    public static final long ALIGNMENT = 64;

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfShort BITS16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final Arena arena; // null when the memory is the caller's or the heap's
    private final boolean wrapped; // the memory is the caller's: its arena may be closed under the tensor
    private final CpuTensor parent; // the tensor this one is a view of, null for a tensor of its own
    private volatile MemorySegment segment; // null once closed

    private CpuTensor(String name, DType dtype, long[] shape, Backend backend, MemorySegment segment, Arena arena,
            boolean wrapped, CpuTensor parent) {
        super(backend, name, dtype, shape);
        this.segment = segment;
        this.arena = arena;
        this.wrapped = wrapped;
        this.parent = parent;
    }

    /**
     * A view of {@code parent}'s elements {@code offset … offset + count − 1} as a tensor of {@code shape}
     * (its element count {@code count}), of the parent's dtype and backend, sharing its memory.
     *
     * @throws IllegalStateException if the parent is closed (naming the view and the parent)
     * @throws IllegalArgumentException if the window does not fit inside the parent (naming the parent,
     *     the offset, the shape and the parent's size)
     */
    public static CpuTensor view(CpuTensor parent, String name, long offset, long... shape) {
        long count = Shapes.requireView(parent, name, offset, shape);
        long bytes = parent.dtype().byteSize();
        MemorySegment window = parent.segment().asSlice(offset * bytes, count * bytes);
        return new CpuTensor(name, parent.dtype(), shape, parent.backend(), window, null, false, parent);
    }

    /** The most elements of a Java array (the reference backend keeps each tensor in one). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * A zero-filled tensor on the Java heap.
     *
     * @throws IllegalArgumentException naming the tensor when it has more elements than a Java array holds
     * @throws HostOutOfMemoryException naming the tensor and its bytes when the heap cannot hold it
     */
    public static CpuTensor onHeap(Backend backend, String name, DType dtype, long... shape) {
        long count = Shapes.elementCount(shape);
        if (count > MAX_ARRAY) {
            throw new IllegalArgumentException(describe(name, dtype, shape) + " has " + count + " elements; the "
                    + backend.name() + " backend keeps a tensor in one Java array, at most " + MAX_ARRAY);
        }
        int n = (int) count;
        MemorySegment seg;
        try {
            seg = switch (dtype) {
                case FLOAT32 -> MemorySegment.ofArray(new float[n]);
                case FLOAT64 -> MemorySegment.ofArray(new double[n]);
                case BFLOAT16, FLOAT16 -> MemorySegment.ofArray(new short[n]);
            };
        } catch (OutOfMemoryError e) {
            throw new HostOutOfMemoryException(describe(name, dtype, shape), count * dtype.byteSize(),
                    "on the Java heap", "the heap is full (-Xmx " + Runtime.getRuntime().maxMemory() + " bytes, "
                    + HostOutOfMemoryException.gib(Runtime.getRuntime().maxMemory()) + ")", e);
        }
        CpuMemory.allocated(false, seg.byteSize());
        return new CpuTensor(name, dtype, shape, backend, seg, null, false, null);
    }

    /**
     * A zero-filled tensor off-heap, {@value #ALIGNMENT}-byte aligned, freed on close.
     *
     * @throws HostOutOfMemoryException naming the tensor and its bytes when they are more than the
     *     machine's memory and swap, or the operating system refuses them; nothing stays allocated
     */
    public static CpuTensor offHeap(Backend backend, String name, DType dtype, long... shape) {
        long count = Shapes.elementCount(shape);
        if (count > Long.MAX_VALUE / dtype.byteSize()) {
            throw new IllegalArgumentException(describe(name, dtype, shape) + " has more bytes than a long counts");
        }
        long bytes = count * dtype.byteSize();
        CpuMemory.requireOffHeapFits(describe(name, dtype, shape), bytes);
        Arena arena = Arena.ofShared(); // shared: kernels run on several threads
        MemorySegment seg;
        try {
            seg = arena.allocate(Math.max(bytes, 1), ALIGNMENT).asSlice(0, bytes);
        } catch (OutOfMemoryError e) {
            arena.close();
            throw new HostOutOfMemoryException(describe(name, dtype, shape), bytes, "off-heap",
                    "the allocation failed (" + e.getMessage() + ")", e);
        }
        CpuMemory.allocated(true, bytes);
        return new CpuTensor(name, dtype, shape, backend, seg, arena, false, null);
    }

    /** "tensor 'name' [shape] dtype", as allocation errors name a tensor. */
    private static String describe(String name, DType dtype, long[] shape) {
        return "tensor '" + name + "' " + Arrays.toString(shape) + " " + dtype.label();
    }

    /**
     * A tensor over the caller's segment (zero-copy). The segment must hold exactly the shape's bytes
     * (no shape: a whole number of elements, as many as it holds); to wrap part of a larger segment,
     * pass the part, {@code segment.asSlice(offset, bytes)}.
     */
    public static CpuTensor wrap(Backend backend, String name, MemorySegment segment, DType dtype, long... shape) {
        Objects.requireNonNull(segment, "segment");
        long have = segment.byteSize();
        if (shape.length == 0 && have % dtype.byteSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': a segment of " + have + " bytes is not a whole"
                    + " number of " + dtype.label() + " elements (" + dtype.byteSize() + " bytes each); wrap a slice,"
                    + " segment.asSlice(offset, bytes), or give the shape");
        }
        long[] s = shape.length == 0 ? new long[] {have / dtype.byteSize()} : shape;
        long bytes = Math.multiplyExact(Shapes.elementCount(s), (long) dtype.byteSize());
        if (have != bytes) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(s) + " of "
                    + dtype.label() + " needs a segment of exactly " + bytes + " bytes, got " + have + " bytes"
                    + (have > bytes ? "; to wrap part of it, pass segment.asSlice(offset, " + bytes + ")" : ""));
        }
        if (segment.isReadOnly()) {
            throw new IllegalArgumentException("segment for '" + name + "' is read-only");
        }
        return new CpuTensor(name, dtype, s, backend, segment, null, true, null);
    }

    /**
     * The tensor's memory; throws {@link IllegalStateException} naming the tensor once closed, or once
     * the caller has closed the arena of the segment it wraps.
     */
    public MemorySegment segment() {
        MemorySegment s = segment;
        if (s == null) {
            throw new IllegalStateException("tensor '" + name() + "' is closed");
        }
        if (parent != null && parent.isClosed()) {
            throw new IllegalStateException(closedMessage());
        }
        if (wrapped && !s.scope().isAlive()) {
            throw new IllegalStateException(closedMessage());
        }
        return s;
    }

    @Override
    public String closedMessage() {
        MemorySegment s = segment;
        if (s != null && parent != null && parent.isClosed()) {
            return "view '" + name() + "' of tensor '" + parent.name() + "' cannot be used: " + parent.closedMessage();
        }
        return s != null && !s.scope().isAlive() ? "tensor '" + name() + "' wraps memory whose arena was closed"
                : super.closedMessage();
    }

    /** Element {@code i} of a float32 tensor. */
    public float getFloat(long i) {
        return segment().getAtIndex(F32, i);
    }

    /** Sets element {@code i} of a float32 tensor. */
    public void setFloat(long i, float v) {
        segment().setAtIndex(F32, i, v);
    }

    /** Element {@code i} of a float64 tensor. */
    public double getDouble(long i) {
        return segment().getAtIndex(F64, i);
    }

    /** Sets element {@code i} of a float64 tensor. */
    public void setDouble(long i, double v) {
        segment().setAtIndex(F64, i, v);
    }

    /** The bits of element {@code i} of a bfloat16 or float16 tensor. */
    public short getBits(long i) {
        return segment().getAtIndex(BITS16, i);
    }

    /** Sets the bits of element {@code i} of a bfloat16 or float16 tensor. */
    public void setBits(long i, short bits) {
        segment().setAtIndex(BITS16, i, bits);
    }

    /** Element {@code i} widened to double, whatever the dtype (exactly). */
    public double get(long i) {
        return switch (dtype()) {
            case FLOAT32 -> getFloat(i);
            case FLOAT64 -> getDouble(i);
            case BFLOAT16, FLOAT16 -> HalfFloats.widen(dtype(), getBits(i));
        };
    }

    /** Sets element {@code i} from a double, rounded to the dtype (to float32 first for a 16-bit type, see {@link ElementCopies}). */
    public void set(long i, double v) {
        switch (dtype()) {
            case FLOAT32 -> setFloat(i, (float) v);
            case FLOAT64 -> setDouble(i, v);
            case BFLOAT16, FLOAT16 -> setBits(i, HalfFloats.narrow(dtype(), (float) v));
        }
    }

    /**
     * True once {@link #close()} has been called, once the arena of a wrapped segment has been closed, or,
     * for a view, once its parent is closed.
     */
    @Override
    public boolean isClosed() {
        MemorySegment s = segment;
        return s == null || !s.scope().isAlive() || parent != null && parent.isClosed();
    }

    @Override
    public void copyFrom(float[] source) {
        requireLength(source.length);
        ElementCopies.store(source, 0, segment(), dtype(), 0, source.length);
    }

    @Override
    public void copyFrom(double[] source) {
        requireLength(source.length);
        ElementCopies.store(source, 0, segment(), dtype(), 0, source.length);
    }

    @Override
    public void copyTo(float[] target) {
        requireLength(target.length);
        ElementCopies.load(segment(), dtype(), 0, target, 0, target.length);
    }

    @Override
    public void copyTo(double[] target) {
        requireLength(target.length);
        ElementCopies.load(segment(), dtype(), 0, target, 0, target.length);
    }

    @Override
    public void copyFrom(MemorySegment source) {
        MemorySegment s = segment();
        requireBytes(source.byteSize(), s.byteSize());
        MemorySegment.copy(source, 0, s, 0, s.byteSize());
    }

    @Override
    public void copyTo(MemorySegment target) {
        MemorySegment s = segment();
        requireBytes(target.byteSize(), s.byteSize());
        MemorySegment.copy(s, 0, target, 0, s.byteSize());
    }

    @Override
    public void close() {
        MemorySegment s = segment;
        if (s == null) {
            return;
        }
        synchronized (this) {
            if (segment == null) {
                return;
            }
            segment = null;
            if (arena != null) {
                arena.close();
            }
            if (parent == null && !wrapped) { // its own memory (a view's or a wrap's is another's: not counted)
                CpuMemory.freed(arena != null, s.byteSize());
            }
        }
    }
}

package dev.descent.cpu;

import dev.descent.backend.Backend;
import dev.descent.tensor.AbstractTensor;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shapes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor in host memory, shared by the CPU backends: the reference backend keeps it on the Java
 * heap (a {@code float[]} or {@code double[]} seen as a segment), the SIMD backend off-heap in a
 * 64-byte-aligned segment of its own {@link Arena}, and both can wrap a segment the caller owns.
 *
 * <p>Lifetime: an owned segment is freed by {@link #close()} (its arena is closed, so even a stale
 * reference to the segment cannot read freed memory); a wrapped one is only forgotten. Every access
 * goes through {@link #segment()}, which throws {@link IllegalStateException} naming the tensor once
 * it is closed.
 */
public final class CpuTensor extends AbstractTensor {

    /** Alignment of off-heap tensors: one cache line, and the widest AVX-512 vector. */
    public static final long ALIGNMENT = 64;

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final Arena arena; // null when the memory is the caller's or the heap's
    private volatile MemorySegment segment; // null once closed

    private CpuTensor(String name, DType dtype, long[] shape, Backend backend, MemorySegment segment, Arena arena) {
        super(backend, name, dtype, shape);
        this.segment = segment;
        this.arena = arena;
    }

    /** A zero-filled tensor on the Java heap. */
    public static CpuTensor onHeap(Backend backend, String name, DType dtype, long... shape) {
        int n = Math.toIntExact(Shapes.elementCount(shape));
        MemorySegment seg = dtype == DType.FLOAT32
                ? MemorySegment.ofArray(new float[n])
                : MemorySegment.ofArray(new double[n]);
        return new CpuTensor(name, dtype, shape, backend, seg, null);
    }

    /** A zero-filled tensor off-heap, {@value #ALIGNMENT}-byte aligned, freed on close. */
    public static CpuTensor offHeap(Backend backend, String name, DType dtype, long... shape) {
        long bytes = Math.multiplyExact(Shapes.elementCount(shape), (long) dtype.byteSize());
        Arena arena = Arena.ofShared(); // shared: kernels run on several threads
        MemorySegment seg = arena.allocate(Math.max(bytes, 1), ALIGNMENT).asSlice(0, bytes);
        return new CpuTensor(name, dtype, shape, backend, seg, arena);
    }

    /** A tensor over the caller's segment (zero-copy); checks that the segment is large enough. */
    public static CpuTensor wrap(Backend backend, String name, MemorySegment segment, DType dtype, long... shape) {
        Objects.requireNonNull(segment, "segment");
        long[] s = shape.length == 0 ? new long[] {segment.byteSize() / dtype.byteSize()} : shape;
        long bytes = Math.multiplyExact(Shapes.elementCount(s), (long) dtype.byteSize());
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("segment for '" + name + "' holds " + segment.byteSize()
                    + " bytes but shape " + Arrays.toString(s) + " of " + dtype.label() + " needs " + bytes);
        }
        if (segment.isReadOnly()) {
            throw new IllegalArgumentException("segment for '" + name + "' is read-only");
        }
        return new CpuTensor(name, dtype, s, backend, segment.asSlice(0, bytes), null);
    }

    /** The tensor's memory; throws {@link IllegalStateException} naming the tensor once closed. */
    public MemorySegment segment() {
        MemorySegment s = segment;
        if (s == null) {
            throw new IllegalStateException("tensor '" + name() + "' is closed");
        }
        return s;
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

    /** Element {@code i} widened to double, whatever the dtype. */
    public double get(long i) {
        return dtype() == DType.FLOAT32 ? getFloat(i) : getDouble(i);
    }

    /** Sets element {@code i} from a double, rounded to the dtype. */
    public void set(long i, double v) {
        if (dtype() == DType.FLOAT32) {
            setFloat(i, (float) v);
        } else {
            setDouble(i, v);
        }
    }

    @Override
    public boolean isClosed() {
        return segment == null;
    }

    @Override
    public void copyFrom(float[] source) {
        requireLength(source.length);
        MemorySegment s = segment();
        if (dtype() == DType.FLOAT32) {
            MemorySegment.copy(source, 0, s, F32, 0, source.length);
        } else {
            for (int i = 0; i < source.length; i++) {
                s.setAtIndex(F64, i, source[i]);
            }
        }
    }

    @Override
    public void copyFrom(double[] source) {
        requireLength(source.length);
        MemorySegment s = segment();
        if (dtype() == DType.FLOAT64) {
            MemorySegment.copy(source, 0, s, F64, 0, source.length);
        } else {
            for (int i = 0; i < source.length; i++) {
                s.setAtIndex(F32, i, (float) source[i]);
            }
        }
    }

    @Override
    public void copyTo(float[] target) {
        requireLength(target.length);
        MemorySegment s = segment();
        if (dtype() == DType.FLOAT32) {
            MemorySegment.copy(s, F32, 0, target, 0, target.length);
        } else {
            for (int i = 0; i < target.length; i++) {
                target[i] = (float) s.getAtIndex(F64, i);
            }
        }
    }

    @Override
    public void copyTo(double[] target) {
        requireLength(target.length);
        MemorySegment s = segment();
        if (dtype() == DType.FLOAT64) {
            MemorySegment.copy(s, F64, 0, target, 0, target.length);
        } else {
            for (int i = 0; i < target.length; i++) {
                target[i] = s.getAtIndex(F32, i);
            }
        }
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
        }
    }
}

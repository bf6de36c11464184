package dev.descent.cuda;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor in GPU memory, owned by a {@link CudaBackend}. Copies to and from Java arrays and memory
 * segments go through the backend's pinned staging buffers, chunk by chunk, so a transfer of any size
 * (over 2 GiB included) needs no more host memory than the staging. {@link #close()} frees the device
 * memory once the work queued on the tensor has finished; an empty tensor holds none.
 */
public final class CudaTensor implements Tensor {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final CudaBackend backend;
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long size;
    private final long address; // 0 for an empty tensor
    private volatile boolean closed;

    CudaTensor(CudaBackend backend, String name, DType dtype, long[] shape, long address) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.size = Shapes.elementCount(shape);
        this.address = address;
    }

    /** The device address of the first element (0 for an empty tensor); throws naming the tensor once closed. */
    long address() {
        requireOpen();
        return address;
    }

    /** The bytes the tensor occupies on the device. */
    long byteSize() {
        return size * dtype.byteSize();
    }

    /** Throws {@link IllegalStateException} naming the tensor if it is closed. */
    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("tensor '" + name + "' is closed");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void copyFrom(float[] source) {
        requireLength(source.length);
        if (dtype == DType.FLOAT32) {
            backend.upload(this, (chunk, first, count) -> MemorySegment.copy(source, (int) first, chunk, F32, 0, count));
        } else {
            backend.upload(this, (chunk, first, count) -> {
                for (int k = 0; k < count; k++) {
                    chunk.setAtIndex(F64, k, source[(int) first + k]);
                }
            });
        }
    }

    @Override
    public void copyFrom(double[] source) {
        requireLength(source.length);
        if (dtype == DType.FLOAT64) {
            backend.upload(this, (chunk, first, count) -> MemorySegment.copy(source, (int) first, chunk, F64, 0, count));
        } else {
            backend.upload(this, (chunk, first, count) -> {
                for (int k = 0; k < count; k++) {
                    chunk.setAtIndex(F32, k, (float) source[(int) first + k]);
                }
            });
        }
    }

    @Override
    public void copyTo(float[] target) {
        requireLength(target.length);
        if (dtype == DType.FLOAT32) {
            backend.download(this, (chunk, first, count) -> MemorySegment.copy(chunk, F32, 0, target, (int) first, count));
        } else {
            backend.download(this, (chunk, first, count) -> {
                for (int k = 0; k < count; k++) {
                    target[(int) first + k] = (float) chunk.getAtIndex(F64, k);
                }
            });
        }
    }

    @Override
    public void copyTo(double[] target) {
        requireLength(target.length);
        if (dtype == DType.FLOAT64) {
            backend.download(this, (chunk, first, count) -> MemorySegment.copy(chunk, F64, 0, target, (int) first, count));
        } else {
            backend.download(this, (chunk, first, count) -> {
                for (int k = 0; k < count; k++) {
                    target[(int) first + k] = chunk.getAtIndex(F32, k);
                }
            });
        }
    }

    @Override
    public void copyFrom(MemorySegment source) {
        requireOpen();
        requireBytes(source.byteSize());
        long elementBytes = dtype.byteSize();
        backend.upload(this, (chunk, first, count) ->
                MemorySegment.copy(source, first * elementBytes, chunk, 0, count * elementBytes));
    }

    @Override
    public void copyTo(MemorySegment target) {
        requireOpen();
        requireBytes(target.byteSize());
        if (target.isReadOnly()) {
            throw new IllegalArgumentException("segment for '" + name + "' is read-only");
        }
        long elementBytes = dtype.byteSize();
        backend.download(this, (chunk, first, count) ->
                MemorySegment.copy(chunk, 0, target, first * elementBytes, count * elementBytes));
    }

    /** Frees the device memory (after the work queued on it). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        backend.release(this);
    }

    /** Marks the tensor closed; true the first time. Called by the backend, under its lock. */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ", " + dtype.label() + Arrays.toString(shape) + ", " + backend.name()
                + (closed ? ", closed]" : "]");
    }

    private void requireLength(int length) {
        requireOpen();
        if (length != size) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + size + " elements but the array has " + length);
        }
    }

    private void requireBytes(long have) {
        if (have < byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' needs a segment of " + byteSize() + " bytes, got " + have);
        }
    }
}

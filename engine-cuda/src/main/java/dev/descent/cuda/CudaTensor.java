package dev.descent.cuda;

import dev.descent.tensor.AbstractTensor;
import dev.descent.tensor.DType;
import dev.descent.tensor.ElementCopies;
import java.lang.foreign.MemorySegment;

/**
 * A tensor in GPU memory, owned by a {@link CudaBackend}. Copies to and from Java arrays and memory
 * segments go through the backend's pinned staging buffers, chunk by chunk, so a transfer of any size
 * (over 2 GiB included) needs no more host memory than the staging. {@link #close()} frees the device
 * memory once the work queued on the tensor has finished; an empty tensor holds none.
 *
 * <p>A view ({@link CudaBackend#view}) is a window of its parent's memory: its address is the parent's
 * plus the offset, it frees nothing when closed, and it counts as closed once the parent (or the
 * parent's parent) is, every use then throwing {@link IllegalStateException} naming both.
 */
public final class CudaTensor extends AbstractTensor {

    private final long address; // 0 for an empty tensor
    private final CudaTensor parent; // null unless a view
    private volatile boolean closed;

    CudaTensor(CudaBackend backend, String name, DType dtype, long[] shape, long address) {
        this(backend, name, dtype, shape, address, null);
    }

    /** A tensor at {@code address}: the owner of that memory if {@code parent} is null, else a view of {@code parent}. */
    CudaTensor(CudaBackend backend, String name, DType dtype, long[] shape, long address, CudaTensor parent) {
        super(backend, name, dtype, shape);
        this.address = address;
        this.parent = parent;
    }

    /** Whether this tensor is a view, owning no memory. */
    boolean isView() {
        return parent != null;
    }

    /** The device address of the first element (0 for an empty tensor); throws naming the tensor once closed. */
    long address() {
        requireOpen();
        return address;
    }

    /** The bytes the tensor occupies on the device. */
    long byteSize() {
        return size() * dtype().byteSize();
    }

    /** Throws {@link IllegalStateException} naming the tensor if it is closed. */
    void requireOpen() {
        requireNotClosed();
    }

    @Override
    public boolean isClosed() {
        return closed || parent != null && parent.isClosed();
    }

    @Override
    public String closedMessage() {
        if (!closed && parent != null) {
            return "tensor '" + name() + "' is a view of '" + parent.name() + "', which is closed";
        }
        return super.closedMessage();
    }

    @Override
    public void copyFrom(float[] source) {
        requireLength(source.length);
        owner().upload(this, (chunk, first, count) -> ElementCopies.store(source, (int) first, chunk, dtype(), 0, count));
    }

    @Override
    public void copyFrom(double[] source) {
        requireLength(source.length);
        owner().upload(this, (chunk, first, count) -> ElementCopies.store(source, (int) first, chunk, dtype(), 0, count));
    }

    @Override
    public void copyTo(float[] target) {
        requireLength(target.length);
        owner().download(this, (chunk, first, count) -> ElementCopies.load(chunk, dtype(), 0, target, (int) first, count));
    }

    @Override
    public void copyTo(double[] target) {
        requireLength(target.length);
        owner().download(this, (chunk, first, count) -> ElementCopies.load(chunk, dtype(), 0, target, (int) first, count));
    }

    @Override
    public void copyFrom(MemorySegment source) {
        requireOpen();
        requireBytes(source.byteSize(), byteSize());
        long elementBytes = dtype().byteSize();
        owner().upload(this, (chunk, first, count) ->
                MemorySegment.copy(source, first * elementBytes, chunk, 0, count * elementBytes));
    }

    @Override
    public void copyTo(MemorySegment target) {
        requireOpen();
        requireBytes(target.byteSize(), byteSize());
        if (target.isReadOnly()) {
            throw new IllegalArgumentException("segment for '" + name() + "' is read-only");
        }
        long elementBytes = dtype().byteSize();
        owner().download(this, (chunk, first, count) ->
                MemorySegment.copy(chunk, 0, target, first * elementBytes, count * elementBytes));
    }

    /** Frees the device memory (after the work queued on it); a view frees nothing. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        owner().release(this);
    }

    /** Marks the tensor closed; true the first time. Called by the backend, under its lock. */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** The owning backend, typed: transfers and release go through its staging and its lock. */
    private CudaBackend owner() {
        return (CudaBackend) backend();
    }
}

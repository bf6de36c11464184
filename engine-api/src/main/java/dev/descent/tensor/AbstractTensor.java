package dev.descent.tensor;

import dev.descent.backend.Backend;
import java.util.Arrays;
import java.util.Objects;

/**
 * The bookkeeping every {@link Tensor} shares, whatever memory it lives in: its name, dtype, shape,
 * element count and owning backend, the argument checks of the copies (with the messages users see),
 * and its {@link #toString()}. A subclass adds the memory and its lifetime ({@link #isClosed()},
 * {@link #close()}) and the copies themselves.
 */
public abstract class AbstractTensor implements Tensor {

    private final Backend backend;
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long size;

    /**
     * Records the tensor's description; the shape is copied, so the caller may reuse its array.
     *
     * @param backend the backend that owns the tensor
     * @param name the name used in error messages
     * @param dtype the element type
     * @param shape the shape; its product is {@link #size()}
     */
    protected AbstractTensor(Backend backend, String name, DType dtype, long[] shape) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.size = Shapes.elementCount(shape);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final long[] shape() {
        return shape.clone();
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    /** Throws {@link IllegalStateException} naming the tensor if it is closed: {@link #closedMessage()}. */
    protected final void requireNotClosed() {
        if (isClosed()) {
            throw new IllegalStateException(closedMessage());
        }
    }

    /**
     * What an operation on the closed tensor reports: {@code tensor 'w' is closed} by default; a
     * subclass whose tensor may count as closed without {@link #close()} says why.
     */
    public String closedMessage() {
        return "tensor '" + name + "' is closed";
    }

    /**
     * Checks a copy to or from a Java array: the tensor is open (checked first, so a closed tensor
     * reports that rather than a length) and the array holds exactly {@link #size()} elements.
     */
    protected final void requireLength(int length) {
        requireNotClosed();
        if (length != size) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + size + " elements but the array has " + length);
        }
    }

    /** Checks a copy to or from a segment: it has at least the {@code need} bytes the tensor occupies. */
    protected final void requireBytes(long have, long need) {
        if (have < need) {
            throw new IllegalArgumentException("tensor '" + name + "' needs a segment of " + need + " bytes, got " + have);
        }
    }

    /** "Tensor[name, float32[2, 3], backend]", with ", closed" before the bracket once closed. */
    @Override
    public String toString() {
        return "Tensor[" + name + ", " + dtype.label() + Arrays.toString(shape) + ", " + backend.name()
                + (isClosed() ? ", closed]" : "]");
    }
}

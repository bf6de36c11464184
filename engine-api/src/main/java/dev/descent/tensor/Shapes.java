package dev.descent.tensor;

import java.util.Arrays;

/** Shape arithmetic and the argument checks shared by every backend. */
public final class Shapes {
    private Shapes() {
    }

    /** The element count of {@code shape}; rejects negative extents and overflow. */
    public static long elementCount(long... shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative extent");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The shape to use for {@code length} values: {@code [length]} if none was given, else {@code shape} checked. */
    public static long[] shapeFor(int length, long... shape) {
        if (shape == null || shape.length == 0) {
            return new long[] {length};
        }
        long n = elementCount(shape);
        if (n != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " elements but " + length + " values were given");
        }
        return shape.clone();
    }

    /** Throws unless {@code a} and {@code b} have the same shape, naming both tensors. */
    public static void requireSameShape(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shape mismatch: '" + a.name() + "' has shape "
                    + Arrays.toString(a.shape()) + " but '" + b.name() + "' has shape " + Arrays.toString(b.shape()));
        }
    }

    /** Throws unless {@code a} and {@code b} have the same dtype, naming both tensors. */
    public static void requireSameDType(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dtype mismatch: '" + a.name() + "' is " + a.dtype().label()
                    + " but '" + b.name() + "' is " + b.dtype().label());
        }
    }

    /** Throws unless {@code t} has dtype {@code expected}. */
    public static void requireDType(Tensor t, DType expected, String what) {
        if (t.dtype() != expected) {
            throw new IllegalArgumentException(what + " needs " + expected.label() + " tensors but '" + t.name()
                    + "' is " + t.dtype().label());
        }
    }

    /**
     * Throws unless {@code t} is float32 or float64, the dtypes computed in outside the optimizers: a
     * bfloat16 or float16 tensor is stored, copied and updated by an optimizer with master weights, but
     * vector operations, objectives and network kernels do not take it.
     */
    public static void requireComputed(Tensor t) {
        if (t.dtype().isLowPrecision()) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' is " + t.dtype().label() + ": vector"
                    + " operations, objectives and network kernels compute in float32 and float64 only (copy it"
                    + " to a float32 tensor, or update it with an optimizer that keeps float32 master weights)");
        }
    }

    /**
     * The checks of {@code Backend.view(parent, name, offset, shape)} every backend applies, returning the
     * view's element count: the parent is open ({@link IllegalStateException} naming the view and the
     * parent otherwise) and the window {@code offset … offset + count − 1} lies inside it
     * ({@link IllegalArgumentException} naming the view, its shape, the offset, the parent and its size).
     */
    public static long requireView(Tensor parent, String name, long offset, long... shape) {
        java.util.Objects.requireNonNull(name, "name");
        if (parent.isClosed()) {
            String why = parent instanceof AbstractTensor t ? t.closedMessage() : "tensor '" + parent.name() + "' is closed";
            throw new IllegalStateException("cannot make view '" + name + "': " + why);
        }
        long count = elementCount(shape);
        if (offset < 0 || offset > parent.size() - count) {
            throw new IllegalArgumentException("view '" + name + "' of shape " + Arrays.toString(shape) + " at offset "
                    + offset + " does not fit in tensor '" + parent.name() + "' of " + parent.size() + " elements");
        }
        return count;
    }
}

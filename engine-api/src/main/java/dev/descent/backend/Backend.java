package dev.descent.backend;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * One way to run Descent's kernels: the plain-Java reference, the Vector API, CUDA.
 *
 * <p>A backend makes tensors and hands out its kernels one object per concern, as Lucene's
 * {@code VectorizationProvider} does: {@link #vectorOps()} (axpy, dot, ...),
 * {@link #objectiveKernels()} (the products and losses of the built-in objectives),
 * {@link #optimizerKernels()} (every optimizer's step) and {@link #networkKernels()} (a multilayer
 * perceptron's forward and backward passes). Each backend implements them in classes of
 * their own that share its device or scheduler, so that a new objective kernel or optimizer grows
 * none of the others. Every operation checks that its tensors are open, belong to this backend and
 * have matching shapes, and throws {@link IllegalArgumentException} or {@link IllegalStateException}
 * naming the offending tensors otherwise.
 *
 * <p>Threads: every backend may be used from several threads at once, each thread with its own
 * tensors and optimizers (the reference backend keeps no state; the SIMD backend's worker pool runs
 * calls from several threads at once, each caller working on its own call's tasks; the CUDA backend
 * serialises its calls). Tensors and optimizers themselves are not synchronized: see {@link Tensor}
 * and {@code dev.descent.optim}.
 */
public interface Backend {

    /** The backend's name ({@code reference}, {@code simd}, {@code cuda}). */
    String name();

    /** Whether this backend can run here (a created backend normally can). */
    Availability availability();

    /** This backend's vector operations. */
    VectorOps vectorOps();

    /** This backend's objective kernels. */
    ObjectiveKernels objectiveKernels();

    /** This backend's optimizer kernels: one {@link OptimizerKernels#step} for every optimizer. */
    OptimizerKernels optimizerKernels();

    /** This backend's multilayer-perceptron kernels: GEMMs, activations, losses, the Gauss–Newton parts. */
    NetworkKernels networkKernels();

    /**
     * A view of part of {@code parent}: the elements {@code offset … offset + count − 1} ({@code count} the
     * element count of {@code shape}) seen as a tensor of {@code shape}, sharing the parent's memory (a
     * write through either is seen by the other) — how a network's layers are windows of one flat
     * parameter vector. The view owns nothing: closing it frees nothing and leaves the parent open;
     * once the parent is closed the view counts as closed and every use throws
     * {@link IllegalStateException} naming both.
     *
     * @throws IllegalArgumentException if {@code parent} is not this backend's or the window does not
     *     fit inside it (the message names the parent, the offset, the shape and the parent's size)
     */
    Tensor view(Tensor parent, String name, long offset, long... shape);

    /** A new zero-filled tensor. An empty {@code shape} means a scalar (one element). */
    Tensor allocate(String name, DType dtype, long... shape);

    /** A new float32 tensor holding a copy of {@code values}; no shape means {@code [values.length]}. */
    Tensor fromArray(String name, float[] values, long... shape);

    /** A new float64 tensor holding a copy of {@code values}; no shape means {@code [values.length]}. */
    Tensor fromArray(String name, double[] values, long... shape);

    /**
     * A tensor over memory the caller owns. On CPU backends this is zero-copy: the optimizer writes
     * straight into {@code segment}. The caller keeps ownership and must keep the segment alive
     * while the tensor is used; closing the tensor does not free it, and once the caller closes the
     * segment's arena the tensor counts as closed ({@link Tensor#isClosed()}) and every use throws
     * {@link IllegalStateException} naming it.
     *
     * <p>The segment must hold exactly the shape's bytes ({@code size × dtype.byteSize()}); without a
     * shape, a whole number of elements, as many as it holds. A larger segment is refused, never
     * truncated: to wrap part of one, pass the part, {@code segment.asSlice(offsetBytes, bytes)}.
     *
     * @throws IllegalArgumentException if the sizes differ (the message names the tensor, the shape
     *     and both sizes) or the segment is read-only
     * @throws UnsupportedOperationException on a backend that cannot compute in host memory (CUDA)
     */
    Tensor wrap(String name, MemorySegment segment, DType dtype, long... shape);
}

package dev.descent.backend;

import dev.descent.tensor.Tensor;

/**
 * The vector operations line searches and quasi-Newton methods are built from. All accept float32
 * and float64 tensors (operands of one call share a dtype); scalars are rounded once to the
 * tensors' dtype. Reductions accumulate in double whatever the dtype.
 */
public interface VectorOps {

    /** {@code y ← alpha·x + y}. */
    void axpy(double alpha, Tensor x, Tensor y);

    /** {@code x ← alpha·x}. */
    void scale(double alpha, Tensor x);

    /** {@code dst ← src}. */
    void copy(Tensor src, Tensor dst);

    /** Every element of {@code x} becomes {@code value}. */
    void fill(Tensor x, double value);

    /** {@code out ← a ⊙ b} elementwise; {@code out} may be {@code a} or {@code b}. */
    void multiply(Tensor a, Tensor b, Tensor out);

    /** {@code out ← a ⊘ b} elementwise; {@code out} may be {@code a} or {@code b}. */
    void divide(Tensor a, Tensor b, Tensor out);

    /** {@code Σ aᵢbᵢ}, accumulated in double. */
    double dot(Tensor a, Tensor b);

    /** The Euclidean norm {@code sqrt(Σ xᵢ²)}, accumulated in double. */
    double norm2(Tensor x);

    /** {@code max |xᵢ|} (0 for an empty tensor; NaN if any element is NaN). */
    double maxAbs(Tensor x);

    /** True if any element is NaN or ±Infinity. */
    boolean hasNonFinite(Tensor x);

    /**
     * Several dot products in one pass: {@code out[i·b.length + j] ← Σₖ aᵢ[k]·bⱼ[k]} for every
     * {@code i < a.length}, {@code j < b.length}, accumulated in double. A backend reads each distinct
     * tensor once per block of elements, so {@code a.length·b.length} products cost about one pass
     * over the distinct tensors; a tensor may appear in both arrays. All tensors have the same shape
     * and dtype; {@code out} has at least {@code a.length·b.length} entries.
     */
    void dots(Tensor[] a, Tensor[] b, double[] out);

    /**
     * {@code out ← Σₖ cₖ·vₖ}: each element computed in double, {@code k} ascending from the first
     * term {@code c₀·v₀}, and rounded once to the dtype. {@code out} may be one of the {@code vₖ}
     * (each element reads every term before it is written). All tensors have the same shape and
     * dtype; {@code coefficients.length == vectors.length ≥ 1}.
     */
    void linearCombination(double[] coefficients, Tensor[] vectors, Tensor out);
}

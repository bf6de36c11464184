package dev.descent.backend;

import dev.descent.kernel.Activation;
import dev.descent.tensor.Tensor;

/**
 * The kernels a multilayer perceptron is trained with — forward pass, backpropagation and the
 * Gauss–Newton R-operator (Schraudolph 2002; Martens 2010) — so that weights, activations and
 * gradients never leave the backend (on CUDA only loss scalars and counts cross to the host).
 *
 * <p>Matrices are row-major tensors of shape {@code [rows, cols]} (torch's layout: a layer's weight is
 * {@code [out, in]}, a batch of activations {@code [examples, features]}); a 1-D tensor of {@code n}
 * elements counts as {@code [n, 1]} where a matrix is expected. The operands of one call belong to
 * this backend, are open and share a dtype (float32 or float64); an output never aliases an input
 * unless the method says it may. {@link NetworkArguments} holds the shape checks every backend applies,
 * so a bad call fails with the same message everywhere.
 *
 * <p>Arithmetic: element-wise results are computed in double from the widened inputs and rounded once
 * to the dtype. The reference accumulates every sum in double; SIMD and CUDA may accumulate a GEMM in
 * the dtype, in another order, so the agreement of a product element {@code Σₗ aᵢₗ·bₗⱼ} with the
 * reference is bounded by {@code γ·Σₗ |aᵢₗ|·|bₗⱼ|} (Higham, Accuracy and Stability of Numerical
 * Algorithms, 2nd ed., §3.5: {@code γ = k·u/(1 − k·u)} for {@code k} terms and unit roundoff
 * {@code u}), not by a fixed epsilon.
 */
public interface NetworkKernels {

    /**
     * {@code out ← a·bᵀ}, or {@code out ← out + a·bᵀ} when {@code accumulate}: {@code a} of shape
     * {@code [m, k]}, {@code b} of {@code [n, k]}, {@code out} of {@code [m, n]} — a layer's forward
     * product {@code X·Wᵀ}.
     */
    void matMulTransposeB(Tensor a, Tensor b, Tensor out, boolean accumulate);

    /**
     * {@code out ← aᵀ·b} (or {@code out + aᵀ·b}): {@code a} of shape {@code [k, m]}, {@code b} of
     * {@code [k, n]}, {@code out} of {@code [m, n]} — a weight gradient {@code dZᵀ·H}.
     */
    void matMulTransposeA(Tensor a, Tensor b, Tensor out, boolean accumulate);

    /**
     * {@code out ← a·b} (or {@code out + a·b}): {@code a} of shape {@code [m, k]}, {@code b} of
     * {@code [k, n]}, {@code out} of {@code [m, n]} — the gradient passed down a layer, {@code dZ·W}.
     */
    void matMul(Tensor a, Tensor b, Tensor out, boolean accumulate);

    /**
     * {@code zᵢⱼ ← zᵢⱼ + biasⱼ} for {@code z} of shape {@code [m, n]} and {@code bias} of {@code n}
     * elements, then {@code hᵢⱼ ← φ(zᵢⱼ)}; {@code h} has {@code z}'s shape and may be {@code z}.
     */
    void biasActivation(Tensor z, Tensor bias, Activation activation, Tensor h);

    /**
     * {@code outᵢⱼ ← φ'(zᵢⱼ)·upstreamᵢⱼ}, with the derivative computed from the activation's output
     * {@code h = φ(z)} (see {@link Activation}); all three tensors have one shape and {@code out} may
     * be {@code upstream}.
     */
    void activationBackward(Activation activation, Tensor h, Tensor upstream, Tensor out);

    /**
     * {@code outⱼ ← Σᵢ aᵢⱼ} (or {@code outⱼ + Σᵢ aᵢⱼ}) over the rows of {@code a} of shape {@code [m, n]}:
     * a bias gradient.
     */
    void columnSums(Tensor a, Tensor out, boolean accumulate);

    /**
     * The softmax cross-entropy of each row of {@code logits} ({@code [m, k]}) with its class
     * {@code labels[i]} (an integer in {@code 0 … k−1} held in the dtype), computed stably as
     * {@code logΣⱼexp(zᵢⱼ − maxᵢ) − (z_{i,yᵢ} − maxᵢ)}. Writes
     * {@code gradientᵢⱼ ← scale·(softmax(zᵢ)ⱼ − [j = yᵢ])}, the gradient of {@code scale ×} the sum of
     * the losses ({@code scale = 1/m} for torch's mean), into {@code gradient} (shape of
     * {@code logits}; it may be {@code logits}); returns the <em>sum</em> of the {@code m} losses.
     *
     * @throws IllegalArgumentException if a label is not an integer in {@code 0 … k−1} (naming the row)
     */
    double softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor gradient, double scale);

    /**
     * {@code outᵢ ← scale·(diag(pᵢ) − pᵢpᵢᵀ)·vᵢ} for each row, {@code pᵢ = softmax(logitsᵢ)}: the
     * Hessian of the cross-entropy with respect to the logits times {@code v}, the loss part of a
     * Gauss–Newton-vector product (Schraudolph 2002, §3). {@code v} and {@code out} have the shape of
     * {@code logits}; {@code out} may be {@code v}.
     */
    void softmaxCurvatureProduct(Tensor logits, Tensor v, Tensor out, double scale);

    /**
     * The squared errors {@code Σᵢⱼ (predᵢⱼ − targetᵢⱼ)²} of two tensors of one shape; writes
     * {@code gradientᵢⱼ ← scale·2·(predᵢⱼ − targetᵢⱼ)} ({@code scale = 1/(m·k)} for torch's
     * {@code MSELoss}) and returns the sum. {@code gradient} may be {@code pred}.
     */
    double squaredError(Tensor pred, Tensor target, Tensor gradient, double scale);

    /**
     * The number of rows of {@code logits} ({@code [m, k]}) whose first largest element is at column
     * {@code labels[i]}: the correct predictions of a classifier.
     */
    long correctPredictions(Tensor logits, Tensor labels);

    /**
     * {@code out[r] ← source[rows[r]]} for each {@code r}: gathers rows of {@code source}
     * ({@code [N, d]}, or {@code N} elements as {@code [N, 1]}) into {@code out} ({@code [rows.length, d]}),
     * the examples of a mini-batch from a data set resident on the backend.
     *
     * @throws IllegalArgumentException if an index is outside {@code [0, N)}
     */
    void gatherRows(Tensor source, int[] rows, Tensor out);
}

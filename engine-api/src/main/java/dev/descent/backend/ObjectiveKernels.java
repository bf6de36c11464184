package dev.descent.backend;

import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.Tensor;

/**
 * The kernels the built-in objectives are evaluated with, so that a minimizer's point never leaves
 * the backend it runs on (on CUDA: no copy of {@code x} to the host per evaluation). Operands of
 * one call belong to this backend and share a dtype (float32 or float64).
 *
 * <p>Arithmetic rule, the same on every backend: each output element is computed in double from
 * the widened inputs and rounded once to the dtype; sums accumulate in double. The order of a sum
 * may differ between backends (blocked or parallel reductions), and so may the last bits of
 * {@code exp} and {@code log1p} in the logistic kernels (the reference uses {@link Math}, SIMD the
 * Vector API's, CUDA a port of fdlibm: within a few ulps), so agreement across backends is to a
 * tolerance, not bitwise. {@link KernelArguments} holds the shape checks every backend applies.
 */
public interface ObjectiveKernels {

    /**
     * {@code out ← A·x} for a row-major matrix {@code a} of shape {@code [m, n]}, {@code x} of
     * {@code n} elements and {@code out} of {@code m}; {@code out} must not be {@code x}.
     */
    void matVec(Tensor a, Tensor x, Tensor out);

    /**
     * {@code out ← Aᵀ·v} for a row-major matrix {@code a} of shape {@code [m, n]}, {@code v} of
     * {@code m} elements and {@code out} of {@code n}; {@code out} must not be {@code v}.
     */
    void matTransposeVec(Tensor a, Tensor v, Tensor out);

    /**
     * The extended Rosenbrock function (Moré, Garbow &amp; Hillstrom 1981, problem 21)
     * {@code f(x) = Σ_{i<n/2} 100·(x_{2i+1} − x_{2i}²)² + (1 − x_{2i})²} of an even number of elements;
     * writes {@code ∇f(x)} into {@code gradient} and returns {@code f}.
     */
    double rosenbrock(Tensor x, Tensor gradient);

    /**
     * {@code out ← C(x)·v} for the extended Rosenbrock function, where {@code C} is its Hessian (per
     * pair {@code [[1200a² − 400b + 2, −400a], [−400a, 200]]}) or its Gauss–Newton matrix
     * {@code 2JᵀJ} (per pair {@code [[800a² + 2, −400a], [−400a, 200]]}).
     */
    void rosenbrockCurvatureVector(RosenbrockCurvature curvature, Tensor x, Tensor v, Tensor out);

    /** {@code out ← diag(2JᵀJ)} of the extended Rosenbrock function: per pair {@code (800a² + 2, 200)}. */
    void rosenbrockGaussNewtonDiagonal(Tensor x, Tensor out);

    /**
     * The logistic losses of margins {@code z} with labels {@code y} (±1):
     * {@code Σᵢ log(1 + exp(−yᵢzᵢ))}, computed without overflow for any margin (as
     * {@code max(t, 0) + log1p(exp(−|t|))} for {@code t = −yᵢzᵢ}); writes the derivative of each
     * loss with respect to its margin, {@code residualᵢ ← −yᵢ·σ(−yᵢzᵢ)} with {@code σ(t) = 1/(1 + e^−t)},
     * into {@code residual}, and returns the sum. All three tensors have the same element count.
     */
    double logisticLoss(Tensor margins, Tensor labels, Tensor residual);

    /**
     * {@code weightsᵢ ← σ(zᵢ)·σ(−zᵢ)}, the second derivative of the logistic loss with respect to the
     * margin (the same for both labels); {@code weights} may be {@code margins}.
     */
    void logisticCurvature(Tensor margins, Tensor weights);
}

package dev.descent.objective;

import dev.descent.tensor.Tensor;

/**
 * An objective that is a mean over {@link #exampleCount()} examples (plus, possibly, a regulariser
 * counted once): {@code f(x) = (1/m)·Σᵢ ℓᵢ(x) + r(x)}. A mini-batch {@code B} gives the unbiased
 * estimate {@code f_B(x) = (1/|B|)·Σ_{i∈B} ℓᵢ(x) + r(x)}; batches come from a seeded {@link
 * MiniBatchSampler} ({@link #sampler}), where a batch of one example is online learning and a
 * batch of all of them is full-batch learning, for which {@code f_B} equals {@link
 * #valueAndGradient}.
 */
public interface StochasticObjective extends Objective {

    /** The number of examples m. */
    int exampleCount();

    /**
     * {@code f_B(x)} over the examples whose indices are {@code batch} (each in [0, m), repeats
     * allowed); writes {@code ∇f_B(x)} into {@code gradient}.
     *
     * @throws IllegalArgumentException for an empty batch or an index out of range
     */
    double batchValueAndGradient(Tensor x, int[] batch, Tensor gradient);

    /**
     * {@code out ← diag(C_B(x))}, the mini-batch counterpart of {@link #diagonalCurvature}.
     *
     * @throws UnsupportedOperationException unless {@link #hasDiagonalCurvature()}
     */
    default void batchDiagonalCurvature(Tensor x, int[] batch, Tensor out) {
        throw new UnsupportedOperationException("problem '" + name() + "' has no diagonal curvature");
    }

    /**
     * {@code out ← G_B(x)·v}, the Gauss–Newton product of {@code f_B} (the mean over the batch's examples),
     * the mini-batch counterpart of {@link #gaussNewtonVectorProduct}: what Hessian-free's curvature
     * sample needs ({@link SampledCurvature}).
     *
     * @throws UnsupportedOperationException unless {@link #hasGaussNewtonVectorProduct()}
     * @throws IllegalArgumentException for an empty batch or an index out of range
     */
    default void batchGaussNewtonVectorProduct(Tensor x, int[] batch, Tensor v, Tensor out) {
        throw new UnsupportedOperationException("problem '" + name() + "' has no Gauss-Newton-vector product");
    }

    /** A sampler of batches of {@code batchSize} examples, shuffled each epoch from {@code seed} and the epoch. */
    default MiniBatchSampler sampler(int batchSize, long seed) {
        return sampler(batchSize, seed, 0);
    }

    /**
     * A sampler as {@link #sampler(int, long)} that starts at epoch {@code firstEpoch} (counted from
     * 0): what a resumed run needs to see the batches of the uninterrupted one.
     */
    default MiniBatchSampler sampler(int batchSize, long seed, long firstEpoch) {
        return new MiniBatchSampler(exampleCount(), batchSize, seed, firstEpoch);
    }
}

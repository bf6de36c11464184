package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * The network's weights and gradient during a first-order {@code descent train} run, in the run's
 * dtype. In float32 the optimizer updates the very vector the network evaluates. In bfloat16 or
 * float16 (mixed precision: Micikevicius et al. 2018, "Mixed Precision Training") the optimizer's
 * parameters and gradients are tensors of that dtype — it keeps float32 master weights as its state
 * — while the network, whose kernels compute in float32, evaluates a float32 copy of the weights,
 * widened (exactly) before every batch, into a float32 gradient that is multiplied by the loss scale
 * and rounded to the dtype (to nearest even: underflow to 0 and overflow to ±Infinity are float16's,
 * which the loss scale is there for). Multiplying the float32 gradient is what scaling the loss does
 * to a float32 backward pass — exactly, for a power-of-two scale.
 */
final class TrainWeights implements AutoCloseable {

    private final Tensor point; // float32, the caller's: what the network evaluates
    private final Tensor weights; // the optimizer's parameters: point itself in float32
    private final Tensor gradient; // the optimizer's gradients
    private final Tensor networkGradient; // float32: what the network writes; gradient itself in float32
    private final float[] staging; // the host copy of a conversion; null in float32

    private TrainWeights(Tensor point, Tensor weights, Tensor gradient, Tensor networkGradient) {
        this.point = point;
        this.weights = weights;
        this.gradient = gradient;
        this.networkGradient = networkGradient;
        this.staging = weights == point ? null : new float[Math.toIntExact(point.size())];
    }

    /**
     * The weights of {@code point} (float32, the caller's, left open by {@link #close}) in {@code dtype}:
     * rounded to it, and {@code point} set to the rounded values, so that the network starts from
     * the weights the optimizer holds.
     */
    static TrainWeights of(Backend backend, DType dtype, Tensor point) {
        long n = point.size();
        if (dtype == DType.FLOAT32) {
            return new TrainWeights(point, point, backend.allocate("gradient", DType.FLOAT32, n), null);
        }
        Tensor weights = backend.allocate("weights", dtype, n);
        Tensor gradient = null;
        Tensor networkGradient = null;
        try {
            gradient = backend.allocate("gradient", dtype, n);
            networkGradient = backend.allocate("gradient.float32", DType.FLOAT32, n);
            weights.copyFrom(point.toFloatArray());
            TrainWeights w = new TrainWeights(point, weights, gradient, networkGradient);
            w.widen();
            return w;
        } catch (RuntimeException e) {
            weights.close();
            if (gradient != null) {
                gradient.close();
            }
            if (networkGradient != null) {
                networkGradient.close();
            }
            throw e;
        }
    }

    /** The optimizer's parameters: views of the weights in the run's dtype, named as torch names them. */
    List<Tensor> parameters(MultilayerPerceptron mlp) {
        return mlp.parameterViews(weights);
    }

    /** The optimizer's gradients, views as {@link #parameters}. */
    List<Tensor> gradients(MultilayerPerceptron mlp) {
        return mlp.parameterViews(gradient);
    }

    /**
     * The mini-batch loss at the current weights; the optimizer's gradients set to its gradient times
     * {@code lossScale} (the gradient of the scaled loss).
     */
    double batch(MultilayerPerceptron mlp, int[] batch, float lossScale) {
        if (staging == null) {
            double loss = mlp.batchValueAndGradient(point, batch, gradient);
            if (lossScale != 1f) {
                gradient.backend().vectorOps().scale(lossScale, gradient);
            }
            return loss;
        }
        widen();
        double loss = mlp.batchValueAndGradient(point, batch, networkGradient);
        networkGradient.copyTo(staging);
        if (lossScale != 1f) {
            for (int i = 0; i < staging.length; i++) {
                staging[i] *= lossScale;
            }
        }
        gradient.copyFrom(staging); // rounded to nearest even
        return loss;
    }

    /** Sets the float32 point to the current weights (exactly: every bfloat16 and float16 is a float32). */
    void widen() {
        if (staging != null) {
            weights.copyTo(staging);
            point.copyFrom(staging);
        }
    }

    /** Frees what this allocated; the caller's point stays open. */
    @Override
    public void close() {
        gradient.close();
        if (staging != null) {
            weights.close();
            networkGradient.close();
        }
    }
}

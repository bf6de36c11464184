package dev.descent.network;

import dev.descent.backend.Backend;
import dev.descent.backend.NetworkKernels;
import dev.descent.backend.VectorOps;
import dev.descent.kernel.Activation;
import dev.descent.tensor.Tensor;

/**
 * The passes of a multilayer perceptron over one chunk of examples, each a sequence of
 * {@link NetworkKernels} calls on the backend of the tensors (nothing but the loss sum comes back):
 * the forward pass, the loss and its gradient with respect to the outputs, backpropagation (Rumelhart,
 * Hinton &amp; Williams 1986; Haykin, Neural Networks and Learning Machines, 3rd ed., §4.4) and the
 * forward R-operator of a Gauss–Newton-vector product (Pearlmutter 1994; Schraudolph 2002, §3).
 * Layer {@code l} maps {@code h[l−1]} (the inputs {@code X} for {@code l = 0}) to
 * {@code z[l] = h[l−1]·W[l]ᵀ + b[l]} and {@code h[l] = φ(z[l])}.
 */
final class Backpropagation {

    private final NetworkSpec spec;

    Backpropagation(NetworkSpec spec) {
        this.spec = spec;
    }

    /** {@code ws.h[l] ← φ(h[l−1]·W[l]ᵀ + b[l])} for every layer, from {@code inputs} ({@code [rows, n0]}). */
    void forward(NetworkKernels k, Layers w, Tensor inputs, Workspace ws) {
        for (int l = 0; l < spec.depth(); l++) {
            k.matMulTransposeB(layerInput(inputs, ws.h, l), w.weights()[l], ws.h[l], false);
            k.biasActivation(ws.h[l], w.biases()[l], spec.activationAfter(l), ws.h[l]);
        }
    }

    /**
     * The sum of the chunk's losses ({@code Σᵢ −log softmax(zᵢ)[yᵢ]} or {@code Σᵢⱼ (zᵢⱼ − yᵢⱼ)²}) after
     * {@link #forward}; writes {@code scale ×} its gradient with respect to the outputs into
     * {@code ws.dz[last]}.
     */
    double loss(NetworkKernels k, Tensor targets, Workspace ws, double scale) {
        return switch (spec.loss()) {
            case CROSS_ENTROPY -> k.softmaxCrossEntropy(ws.outputs(), targets, ws.outputGradient(), scale);
            case MSE -> k.squaredError(ws.outputs(), targets, ws.outputGradient(), scale);
        };
    }

    /**
     * Backpropagates {@code ws.dz[last]} (the gradient with respect to the outputs, after
     * {@link #forward}): {@code ∂W[l] = dz[l]ᵀ·h[l−1]}, {@code ∂b[l] = Σ_rows dz[l]},
     * {@code dz[l−1] = φ'(z[l−1]) ⊙ (dz[l]·W[l])}, the gradients written into (or, when
     * {@code accumulate}, added to) the windows of {@code gradient}.
     */
    void backward(NetworkKernels k, Layers w, Tensor inputs, Workspace ws, Layers gradient, boolean accumulate) {
        for (int l = spec.depth() - 1; l >= 0; l--) {
            k.matMulTransposeA(ws.dz[l], layerInput(inputs, ws.h, l), gradient.weights()[l], accumulate);
            k.columnSums(ws.dz[l], gradient.biases()[l], accumulate);
            if (l > 0) {
                k.matMul(ws.dz[l], w.weights()[l], ws.dz[l - 1], false);
                k.activationBackward(spec.activationAfter(l - 1), ws.h[l - 1], ws.dz[l - 1], ws.dz[l - 1]);
            }
        }
    }

    /**
     * The forward R-operator along {@code v} after {@link #forward}:
     * {@code Rz[l] = Rh[l−1]·W[l]ᵀ + h[l−1]·V_W[l]ᵀ + V_b[l]} ({@code Rh[−1] = 0}: the inputs are
     * constant) and {@code Rh[l] = φ'(z[l]) ⊙ Rz[l]}, kept in {@code ws.dz[l]}; the last layer's
     * {@code Rz} (the outputs' directional derivative {@code J·v}) stays in {@code ws.dz[last]}.
     */
    void rForward(NetworkKernels k, Layers w, Layers v, Tensor inputs, Workspace ws) {
        for (int l = 0; l < spec.depth(); l++) {
            k.matMulTransposeB(layerInput(inputs, ws.h, l), v.weights()[l], ws.dz[l], false);
            if (l > 0) {
                k.matMulTransposeB(ws.dz[l - 1], w.weights()[l], ws.dz[l], true);
            }
            k.biasActivation(ws.dz[l], v.biases()[l], Activation.IDENTITY, ws.dz[l]);
            if (l < spec.depth() - 1) {
                k.activationBackward(spec.activationAfter(l), ws.h[l], ws.dz[l], ws.dz[l]);
            }
        }
    }

    /**
     * Multiplies {@code ws.dz[last]} ({@code J·v}, after {@link #rForward}) in place by {@code scale ×}
     * the Hessian of the summed loss with respect to the outputs: {@code diag(p) − ppᵀ} per row for
     * cross-entropy ({@code p} the softmax of the logits; Schraudolph 2002, §3), {@code 2·I} for the
     * squared error.
     */
    void lossCurvature(Backend backend, Workspace ws, double scale) {
        switch (spec.loss()) {
            case CROSS_ENTROPY -> backend.networkKernels().softmaxCurvatureProduct(ws.outputs(), ws.outputGradient(),
                    ws.outputGradient(), scale);
            case MSE -> backend.vectorOps().scale(2 * scale, ws.outputGradient());
        }
    }

    /**
     * The diagonal curvature of the chunk after {@link #forward}, from {@code ws.dz[last]} holding
     * {@code diag} of the loss's Hessian with respect to the outputs per example (see {@link
     * #outputCurvature}): bbprop (Becker &amp; LeCun 1988, "Improving the convergence of back-propagation
     * learning with second order methods"), the pass vSGD uses for networks (Schaul, Zhang &amp; LeCun
     * 2013, §4): backpropagation with every factor squared — {@code C_W[l] = dz[l]ᵀ·h[l−1]²},
     * {@code C_b[l] = Σ_rows dz[l]}, {@code dz[l−1] = φ'(z[l−1])² ⊙ (dz[l]·W[l]²)} — which is the
     * Gauss–Newton diagonal with the cross terms between units of a layer dropped (exact for one layer).
     * Every entry is ≥ 0. {@code squared} holds {@code W[l]²}; the results go into (or, when
     * {@code accumulate}, are added to) the windows of {@code out}.
     */
    void diagonalCurvature(NetworkKernels k, VectorOps ops, Layers squared, Tensor inputs, Workspace ws, Layers out,
            boolean accumulate) {
        for (int l = spec.depth() - 1; l >= 0; l--) {
            Tensor input = layerInput(inputs, ws.h, l);
            Tensor inputSquared = ws.squaredInput(l);
            ops.multiply(input, input, inputSquared);
            k.matMulTransposeA(ws.dz[l], inputSquared, out.weights()[l], accumulate);
            k.columnSums(ws.dz[l], out.biases()[l], accumulate);
            if (l > 0) {
                k.matMul(ws.dz[l], squared.weights()[l], ws.dz[l - 1], false);
                Activation phi = spec.activationAfter(l - 1);
                k.activationBackward(phi, ws.h[l - 1], ws.dz[l - 1], ws.dz[l - 1]); // φ'(z) once ...
                k.activationBackward(phi, ws.h[l - 1], ws.dz[l - 1], ws.dz[l - 1]); // ... and again: φ'(z)²
            }
        }
    }

    /**
     * {@code ws.dz[last] ← scale × diag} of the Hessian of each example's loss with respect to its outputs,
     * after {@link #forward}: {@code p ⊙ (1 − p)} for cross-entropy ({@code p} the softmax; formed as
     * {@code p = (p − y) + y} from the loss gradient and the one-hot rows {@code oneHot} of the labels),
     * {@code 2} for the squared error. {@code oneHot} is scratch of the outputs' shape.
     */
    void outputCurvature(NetworkKernels k, VectorOps ops, Tensor targets, Tensor oneHot, Workspace ws, double scale) {
        Tensor d = ws.outputGradient();
        switch (spec.loss()) {
            case CROSS_ENTROPY -> {
                k.softmaxCrossEntropy(ws.outputs(), targets, d, 1); // p − y
                ops.axpy(1, oneHot, d); // p
                ops.multiply(d, d, oneHot); // p²
                ops.axpy(-1, oneHot, d); // p − p²
                ops.scale(scale, d);
            }
            case MSE -> ops.fill(d, 2 * scale);
        }
    }

    private static Tensor layerInput(Tensor inputs, Tensor[] h, int l) {
        return l == 0 ? inputs : h[l - 1];
    }
}

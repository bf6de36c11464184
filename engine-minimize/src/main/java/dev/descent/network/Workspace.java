package dev.descent.network;

import dev.descent.objective.OwnedTensors;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * The scratch of one pass over {@code rows} examples, on one backend in one dtype: each linear layer's
 * activations {@code h[l]} ({@code [rows, n(l+1)]}, the pre-activations overwritten in place) and a
 * buffer {@code dz[l]} of the same shape for the gradient with respect to its pre-activations (or, in
 * a Gauss–Newton product, first its R-forward value); and, made on first use, the buffers a mini-batch
 * is gathered into. Allocated from its problem's {@link OwnedTensors}, which frees it.
 */
final class Workspace {

    final int rows;
    final Tensor[] h;
    final Tensor[] dz;
    private final OwnedTensors tensors;
    private final DType dtype;
    private final NetworkSpec spec;
    private Tensor inputs;
    private Tensor targets;
    private Tensor[] squaredInputs;
    private Tensor oneHot;

    Workspace(OwnedTensors tensors, DType dtype, NetworkSpec spec, int rows) {
        this.tensors = tensors;
        this.dtype = dtype;
        this.spec = spec;
        this.rows = rows;
        h = new Tensor[spec.depth()];
        dz = new Tensor[spec.depth()];
        for (int l = 0; l < spec.depth(); l++) {
            String layer = "mlp.rows" + rows + ".layer" + l;
            h[l] = tensors.allocate(layer + ".h", dtype, rows, spec.width(l + 1));
            dz[l] = tensors.allocate(layer + ".dz", dtype, rows, spec.width(l + 1));
        }
    }

    /** The last layer's outputs: logits or predictions. */
    Tensor outputs() {
        return h[h.length - 1];
    }

    /** The gradient with respect to the last layer's outputs. */
    Tensor outputGradient() {
        return dz[dz.length - 1];
    }

    /** The buffer a mini-batch's features are gathered into: {@code [rows, n0]}. */
    Tensor gatheredInputs() {
        if (inputs == null) {
            inputs = tensors.allocate("mlp.rows" + rows + ".inputs", dtype, rows, spec.inputs());
        }
        return inputs;
    }

    /** Scratch for the square of layer {@code l}'s input: {@code [rows, n(l)]}, made on first use. */
    Tensor squaredInput(int l) {
        if (squaredInputs == null) {
            squaredInputs = new Tensor[spec.depth()];
        }
        if (squaredInputs[l] == null) {
            squaredInputs[l] = tensors.allocate("mlp.rows" + rows + ".layer" + l + ".input²", dtype, rows,
                    spec.width(l));
        }
        return squaredInputs[l];
    }

    /** Scratch of the outputs' shape {@code [rows, nk]} for the one-hot labels, made on first use. */
    Tensor oneHot() {
        if (oneHot == null) {
            oneHot = tensors.allocate("mlp.rows" + rows + ".onehot", dtype, rows, spec.outputs());
        }
        return oneHot;
    }

    /** The buffer a mini-batch's labels ({@code [rows]}) or targets ({@code [rows, nk]}) are gathered into. */
    Tensor gatheredTargets() {
        if (targets == null) {
            String name = "mlp.rows" + rows + ".targets";
            targets = spec.loss() == Loss.CROSS_ENTROPY ? tensors.allocate(name, dtype, rows)
                    : tensors.allocate(name, dtype, rows, spec.outputs());
        }
        return targets;
    }
}

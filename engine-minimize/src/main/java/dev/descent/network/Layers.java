package dev.descent.network;

import dev.descent.backend.Backend;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * The per-layer windows of one flat parameter-shaped tensor (a point, a gradient, a direction):
 * {@code weights[l]} of shape {@code [n(l+1), n(l)]} and {@code biases[l]} of {@code [n(l+1)]}, views
 * ({@link Backend#view}) named by torch's {@code state_dict()} names that share the flat tensor's memory
 * and own none of it.
 */
record Layers(Tensor flat, Tensor[] weights, Tensor[] biases) {

    /** The views of {@code flat}, which holds {@code spec.parameterCount()} elements. */
    static Layers of(NetworkSpec spec, Tensor flat) {
        Backend backend = flat.backend();
        List<String> names = spec.parameterNames();
        List<long[]> shapes = spec.parameterShapes();
        long[] offsets = spec.parameterOffsets();
        Tensor[] weights = new Tensor[spec.depth()];
        Tensor[] biases = new Tensor[spec.depth()];
        for (int l = 0; l < spec.depth(); l++) {
            weights[l] = backend.view(flat, names.get(2 * l), offsets[2 * l], shapes.get(2 * l));
            biases[l] = backend.view(flat, names.get(2 * l + 1), offsets[2 * l + 1], shapes.get(2 * l + 1));
        }
        return new Layers(flat, weights, biases);
    }
}

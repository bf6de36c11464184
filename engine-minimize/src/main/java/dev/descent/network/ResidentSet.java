package dev.descent.network;

import dev.descent.backend.Backend;
import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.objective.OwnedTensors;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A data set copied once to a backend: {@code inputs} ({@code [rows, n0]}) and {@code targets} — the
 * class labels ({@code [rows]}, integers held in the dtype) or the target vectors ({@code [rows, nk]}) —
 * and the windows ({@link Backend#view}) that cut it into consecutive chunks of at most
 * {@code chunkRows} examples, so that a pass over the whole set needs scratch for one chunk only.
 */
final class ResidentSet {

    /** Examples {@code first … first + rows − 1} of the set: views of its inputs and targets. */
    record Chunk(int first, int rows, Tensor inputs, Tensor targets) {
    }

    final int rows;
    final Tensor inputs;
    final Tensor targets;
    private final List<Chunk> chunks = new ArrayList<>();

    private ResidentSet(int rows, Tensor inputs, Tensor targets, int chunkRows) {
        this.rows = rows;
        this.inputs = inputs;
        this.targets = targets;
        Backend backend = inputs.backend();
        long cols = inputs.shape()[1];
        boolean labels = targets.shape().length == 1;
        long width = labels ? 1 : targets.shape()[1];
        for (int first = 0; first < rows; first += chunkRows) {
            int count = Math.min(chunkRows, rows - first);
            String range = "[" + first + ", " + (first + count) + ")";
            Tensor x = backend.view(inputs, inputs.name() + range, first * cols, count, cols);
            Tensor y = labels ? backend.view(targets, targets.name() + range, first, count)
                    : backend.view(targets, targets.name() + range, first * width, count, width);
            chunks.add(new Chunk(first, count, x, y));
        }
    }

    /** The chunks in order. */
    List<Chunk> chunks() {
        return chunks;
    }

    /** {@code data}'s features and labels on the backend of {@code tensors}, in {@code dtype}. */
    static ResidentSet of(ClassificationData data, OwnedTensors tensors, DType dtype, String name, int chunkRows) {
        Tensor x = tensors.allocate(name + ".inputs", dtype, data.rows(), data.cols());
        x.copyFrom(data.features());
        double[] labels = new double[data.rows()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.labels()[i];
        }
        Tensor y = tensors.upload(name + ".labels", dtype, labels, data.rows());
        return new ResidentSet(data.rows(), x, y, chunkRows);
    }

    /** {@code data}'s features and targets on the backend of {@code tensors}, in {@code dtype}. */
    static ResidentSet of(RegressionData data, OwnedTensors tensors, DType dtype, String name, int chunkRows) {
        Tensor x = tensors.allocate(name + ".inputs", dtype, data.rows(), data.cols());
        x.copyFrom(data.features());
        Tensor y = tensors.allocate(name + ".targets", dtype, data.rows(), data.outputs());
        y.copyFrom(data.targets());
        return new ResidentSet(data.rows(), x, y, chunkRows);
    }
}

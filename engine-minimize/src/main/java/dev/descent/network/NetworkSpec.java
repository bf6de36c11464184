package dev.descent.network;

import dev.descent.kernel.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multilayer perceptron as torch builds it: {@code nn.Sequential(Linear(n0, n1), act, Linear(n1, n2),
 * act, …, Linear(n(k−1), nk))} — {@code activation} after every linear layer but the last, whose outputs
 * are the logits ({@link Loss#CROSS_ENTROPY}) or the predictions ({@link Loss#MSE}).
 *
 * <p>The parameters are one flat vector: the tensors in torch's {@code state_dict()} order
 * ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, {@code 2.bias}, … — the linear layers sit at
 * the even positions of the {@code Sequential}), each row-major, concatenated. Layer {@code l}'s weight
 * has shape {@code [n(l+1), n(l)]} ({@code y = x·Wᵀ + b}), its bias {@code [n(l+1)]}.
 *
 * @param layers the widths {@code n0, n1, …, nk}: at least two, each ≥ 1 (copied)
 * @param activation the hidden layers' activation
 * @param loss the loss on the last layer's outputs (cross-entropy needs ≥ 2 outputs)
 */
public record NetworkSpec(int[] layers, Activation activation, Loss loss) {

    public NetworkSpec {
        if (activation == null || loss == null) {
            throw new IllegalArgumentException("a network needs an activation and a loss");
        }
        if (layers.length < 2) {
            throw new IllegalArgumentException("a network needs at least two layer widths (inputs and outputs), got "
                    + Arrays.toString(layers));
        }
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] < 1) {
                throw new IllegalArgumentException("layer width " + i + " is " + layers[i] + " in "
                        + Arrays.toString(layers) + "; every width must be ≥ 1");
            }
        }
        if (loss == Loss.CROSS_ENTROPY && layers[layers.length - 1] < 2) {
            throw new IllegalArgumentException("cross_entropy needs at least 2 outputs (classes), got layers "
                    + Arrays.toString(layers));
        }
        layers = layers.clone();
        long count = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            count += (long) layers[l + 1] * layers[l] + layers[l + 1];
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layers " + Arrays.toString(layers) + " have " + count
                    + " parameters; at most " + Integer.MAX_VALUE + " are supported");
        }
    }

    /**
     * The widths of a {@code --layers} argument such as {@code "784,256,10"}.
     *
     * @throws IllegalArgumentException naming the text if an entry is not a positive integer or there
     *     are fewer than two
     */
    public static int[] parseLayers(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("layers '" + text + "' must list at least two widths, e.g. 784,256,10");
        }
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                widths[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                widths[i] = 0;
            }
            if (widths[i] < 1) {
                throw new IllegalArgumentException("layers '" + text + "': width '" + parts[i].strip()
                        + "' is not a positive integer");
            }
        }
        return widths;
    }

    /** The widths {@code n0, …, nk} (a copy). */
    @Override
    public int[] layers() {
        return layers.clone();
    }

    /** The number of linear layers {@code k}. */
    public int depth() {
        return layers.length - 1;
    }

    /** The input width {@code n0}. */
    public int inputs() {
        return layers[0];
    }

    /** The output width {@code nk}: classes for cross-entropy, targets for mse. */
    public int outputs() {
        return layers[layers.length - 1];
    }

    /** The width {@code n(i)}. */
    public int width(int i) {
        return layers[i];
    }

    /** The activation after linear layer {@code l}: {@link #activation()}, or identity after the last. */
    public Activation activationAfter(int l) {
        return l == depth() - 1 ? Activation.IDENTITY : activation;
    }

    /** torch's {@code state_dict()} names: {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, …. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(2 * depth());
        for (int l = 0; l < depth(); l++) {
            names.add(2 * l + ".weight");
            names.add(2 * l + ".bias");
        }
        return List.copyOf(names);
    }

    /** The shapes in {@link #parameterNames()} order: {@code [n(l+1), n(l)]} then {@code [n(l+1)]} per layer. */
    public List<long[]> parameterShapes() {
        List<long[]> shapes = new ArrayList<>(2 * depth());
        for (int l = 0; l < depth(); l++) {
            shapes.add(new long[] {layers[l + 1], layers[l]});
            shapes.add(new long[] {layers[l + 1]});
        }
        return shapes;
    }

    /** Where each tensor of {@link #parameterNames()} starts in the flat vector, in elements. */
    public long[] parameterOffsets() {
        long[] offsets = new long[2 * depth()];
        long at = 0;
        for (int l = 0; l < depth(); l++) {
            offsets[2 * l] = at;
            at += (long) layers[l + 1] * layers[l];
            offsets[2 * l + 1] = at;
            at += layers[l + 1];
        }
        return offsets;
    }

    /** The length of the flat parameter vector. */
    public int parameterCount() {
        long[] offsets = parameterOffsets();
        return Math.toIntExact(offsets[offsets.length - 1] + outputs());
    }

    /** The command line's spelling: {@code 784,256,10 relu cross_entropy}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < layers.length; i++) {
            s.append(i == 0 ? "" : ",").append(layers[i]);
        }
        return s.append(' ').append(activation.label()).append(' ').append(loss.label()).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && Arrays.equals(layers, s.layers) && activation == s.activation
                && loss == s.loss;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(layers) * 31 + activation.hashCode()) * 31 + loss.hashCode();
    }

    @Override
    public String toString() {
        return "NetworkSpec[" + describe() + "]";
    }
}

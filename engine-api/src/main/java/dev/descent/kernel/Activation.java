package dev.descent.kernel;

/**
 * The activation functions of a multilayer perceptron's hidden layers, as torch's {@code nn.Tanh},
 * {@code nn.ReLU} and {@code nn.Sigmoid} compute them; {@link #IDENTITY} is the last layer's (its
 * outputs are the logits or the predictions).
 *
 * <p>Every derivative is written in terms of the activation's <em>output</em> {@code h = φ(z)}, so that
 * backpropagation needs only the activations it kept: {@code tanh' = 1 − h²}, {@code σ' = h·(1 − h)},
 * {@code relu' = [h > 0]} (0 at 0, as torch's {@code threshold_backward}), {@code identity' = 1}.
 */
public enum Activation {
    /** {@code φ(z) = z}. */
    IDENTITY("identity"),
    /** {@code φ(z) = tanh z}. */
    TANH("tanh"),
    /** {@code φ(z) = max(z, 0)}. */
    RELU("relu"),
    /** {@code φ(z) = 1 / (1 + e^(−z))}. */
    SIGMOID("sigmoid");

    private final String label;

    Activation(String label) {
        this.label = label;
    }

    /** The name torch's traces and the command line use ({@code tanh}, {@code relu}, {@code sigmoid}, {@code identity}). */
    public String label() {
        return label;
    }

    /** The activation called {@code label}; throws {@link IllegalArgumentException} listing the names otherwise. */
    public static Activation of(String label) {
        for (Activation a : values()) {
            if (a.label.equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + label + "'; expected tanh, relu, sigmoid or identity");
    }
}

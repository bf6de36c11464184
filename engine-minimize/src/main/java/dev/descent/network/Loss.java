package dev.descent.network;

/**
 * The loss a multilayer perceptron is trained on, as torch's {@code nn.CrossEntropyLoss()} and
 * {@code nn.MSELoss()} compute it with their default {@code reduction='mean'}.
 */
public enum Loss {
    /**
     * Softmax cross-entropy on the logits {@code z} of the last layer: the mean over the batch of
     * {@code −log softmax(z)[y]} for class indices {@code y} (torch's {@code CrossEntropyLoss}).
     */
    CROSS_ENTROPY("cross_entropy"),
    /**
     * Squared error: the mean over the batch <em>and</em> the outputs of {@code (z − y)²} for target
     * vectors {@code y} (torch's {@code MSELoss}).
     */
    MSE("mse");

    private final String label;

    Loss(String label) {
        this.label = label;
    }

    /** The name torch's traces and the command line use ({@code cross_entropy}, {@code mse}). */
    public String label() {
        return label;
    }

    /** The loss called {@code label}; throws {@link IllegalArgumentException} listing the names otherwise. */
    public static Loss of(String label) {
        for (Loss l : values()) {
            if (l.label.equals(label)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + label + "'; expected cross_entropy or mse");
    }
}

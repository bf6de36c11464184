package dev.descent.kernel;

/**
 * The four Rprop rules of Igel and Hüsken, "Improving the Rprop learning algorithm" (2000).
 * All adapt a per-weight step Δ: ×η+ when the gradient keeps its sign, ×η− when it flips.
 */
public enum RpropVariant {
    /** Rprop with weight backtracking: a sign flip undoes the previous update. */
    RPROP_PLUS("rprop+"),
    /** Rprop without backtracking: always moves by {@code -sign(g)·Δ}. */
    RPROP_MINUS("rprop-"),
    /** torch.optim.Rprop: a sign flip sets the gradient to 0 (no move, forgotten). */
    IRPROP_MINUS("irprop-"),
    /** Like Rprop+, but backtracks only when the loss went up; needs the loss. */
    IRPROP_PLUS("irprop+");

    private final String label;

    RpropVariant(String label) {
        this.label = label;
    }

    /** The name used in files and on the command line. */
    public String label() {
        return label;
    }

    /** Whether the variant keeps the previous update ({@code prev_update}) for backtracking. */
    public boolean backtracks() {
        return this == RPROP_PLUS || this == IRPROP_PLUS;
    }

    /** The variant called {@code label}; throws naming the allowed labels. */
    public static RpropVariant fromLabel(String label) {
        for (RpropVariant v : values()) {
            if (v.label.equalsIgnoreCase(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("variant = '" + label + "' is not one of rprop+, rprop-, irprop-, irprop+");
    }
}

package dev.descent.minimize;

/**
 * The choice of β in the nonlinear CG direction {@code dₖ₊₁ = −gₖ₊₁ + βₖ₊₁·dₖ}
 * (Nocedal &amp; Wright, 2nd ed., §5.2), with {@code y = gₖ₊₁ − gₖ}.
 */
public enum ConjugacyFormula {
    /**
     * Polak–Ribière+ {@code β = max(gₖ₊₁ᵀy / gₖᵀgₖ, 0)} (eq. 5.45): the choice of Haykin's nonlinear
     * conjugate-gradient algorithm (Neural Networks and Learning Machines, 3rd ed., ch. 4).
     */
    POLAK_RIBIERE_PLUS("ncg-pr"),
    /** Fletcher–Reeves {@code β = gₖ₊₁ᵀgₖ₊₁ / gₖᵀgₖ} (eq. 5.41a). */
    FLETCHER_REEVES("ncg-fr"),
    /** Hestenes–Stiefel {@code β = gₖ₊₁ᵀy / dₖᵀy} (eq. 5.46). */
    HESTENES_STIEFEL("ncg-hs");

    private final String methodName;

    ConjugacyFormula(String methodName) {
        this.methodName = methodName;
    }

    /** The minimizer's name with this formula ({@code ncg-pr}, {@code ncg-fr}, {@code ncg-hs}). */
    public String methodName() {
        return methodName;
    }

    /** Whether β needs {@code gₖ₊₁ᵀgₖ} (Fletcher–Reeves does not). */
    boolean usesPreviousGradient() {
        return this != FLETCHER_REEVES;
    }

    /**
     * β from the inner products of one step.
     *
     * @param newNew {@code gₖ₊₁ᵀgₖ₊₁}
     * @param newOld {@code gₖ₊₁ᵀgₖ}; ignored unless {@link #usesPreviousGradient()}
     * @param oldOld {@code gₖᵀgₖ}
     * @param directionNew {@code dₖᵀgₖ₊₁}
     * @param directionOld {@code dₖᵀgₖ}
     */
    double beta(double newNew, double newOld, double oldOld, double directionNew, double directionOld) {
        return switch (this) {
            case POLAK_RIBIERE_PLUS -> Math.max((newNew - newOld) / oldOld, 0);
            case FLETCHER_REEVES -> newNew / oldOld;
            case HESTENES_STIEFEL -> (newNew - newOld) / (directionNew - directionOld);
        };
    }
}

package dev.descent.minimize;

/**
 * Whether {@link LinearConjugateGradient} re-orthogonalizes each new residual against all earlier
 * ones. Full reorthogonalization makes CG behave like Lanczos with full reorthogonalization, which
 * keeps the residuals orthogonal to rounding and so restores termination in at most n steps (up to
 * rounding) that plain CG loses on wide spectra; it costs O(k·n) work at iteration k and keeps up to
 * n residuals of n elements (O(n²) memory).
 */
public enum Reorthogonalization {

    /** On when {@code n ≤} {@value #AUTO_MAX_DIMENSION}, where the O(n²) memory stays small (32 MiB in float64); off above. */
    AUTO,
    /** Always on, whatever n (the caller accepts O(n²) memory). */
    ON,
    /** Always off: plain CG, O(n) work and memory per iteration. */
    OFF;

    /** The largest n at which {@link #AUTO} reorthogonalizes. */
    public static final int AUTO_MAX_DIMENSION = 2048;

    /** Whether residuals are reorthogonalized for a problem of {@code n} variables. */
    public boolean appliesTo(int n) {
        return switch (this) {
            case AUTO -> n <= AUTO_MAX_DIMENSION;
            case ON -> true;
            case OFF -> false;
        };
    }

    /** {@code auto}, {@code on} or {@code off}, as the command line writes it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The value labelled {@code label} ({@code auto}, {@code on}, {@code off}; case-insensitive).
     *
     * @throws IllegalArgumentException for any other label
     */
    public static Reorthogonalization fromLabel(String label) {
        for (Reorthogonalization r : values()) {
            if (r.label().equalsIgnoreCase(label.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("reorthogonalization '" + label + "' is invalid: must be auto, on or off");
    }
}

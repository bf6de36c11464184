package dev.descent.kernel;

/** The norm of a gradient clip ({@code norm_type} of torch's {@code clip_grad_norm_}). */
public enum NormType {
    /** The Euclidean norm {@code sqrt(Σ gᵢ²)} over every element of every gradient. */
    TWO,
    /** The maximum norm {@code max |gᵢ|} over every element of every gradient. */
    INFINITY;

    /**
     * The norm type of torch's {@code norm_type} argument: 2 or {@code +∞}.
     *
     * @throws IllegalArgumentException for any other value, naming it
     */
    public static NormType of(double normType) {
        if (normType == 2) {
            return TWO;
        }
        if (normType == Double.POSITIVE_INFINITY) {
            return INFINITY;
        }
        throw new IllegalArgumentException("gradient clipping supports norm_type 2 or infinity, got " + normType);
    }

    /** The torch {@code norm_type} value: 2 or {@code +∞}. */
    public double torchValue() {
        return this == TWO ? 2 : Double.POSITIVE_INFINITY;
    }

    /**
     * The norm of several parts from their norms, as torch takes the norm of the per-tensor norms:
     * {@code sqrt(Σ nₖ²)} or {@code max nₖ} (NaN if any part is NaN).
     */
    public double combine(double[] norms) {
        double acc = 0;
        for (double n : norms) {
            acc = this == TWO ? acc + n * n : Math.max(acc, n);
        }
        return this == TWO ? Math.sqrt(acc) : acc;
    }
}

package dev.descent.minimize;

/** Chooses a step length along a descent direction. */
public interface LineSearch {

    /**
     * Searches {@code φ} for an acceptable step, trying {@code initialStep} first.
     *
     * @param line φ(α) = f(x + αd)
     * @param value0 φ(0) = f(x)
     * @param slope0 φ'(0) = ∇f(x)ᵀd, which must be negative
     * @param initialStep the first trial step, > 0
     * @return the accepted point, which is the last one evaluated, or the reason for failure
     */
    LineSearchResult search(LineFunction line, double value0, double slope0, double initialStep);

    /** Formats a number for failure details. */
    static String num(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}

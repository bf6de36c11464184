package dev.descent.verify;

/**
 * The trace format's per-element error, {@code |ours - theirs| / (atol + rtol·|theirs|)}: at most 1
 * passes. A NaN on one side only, or differing infinities, count as infinitely wrong; equal values
 * (NaN included) as exact.
 */
public final class NormalizedError {
    private NormalizedError() {
    }

    /** The error of {@code ours} against {@code theirs}. */
    public static double of(double ours, double theirs, double rtol, double atol) {
        if (Double.compare(ours, theirs) == 0 || ours == theirs) {
            return 0;
        }
        if (!Double.isFinite(ours) || !Double.isFinite(theirs)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(ours - theirs) / (atol + rtol * Math.abs(theirs));
    }
}

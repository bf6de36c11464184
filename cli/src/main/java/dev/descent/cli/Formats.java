package dev.descent.cli;

import java.util.Locale;

/** How the commands print numbers. */
final class Formats {

    private Formats() {
    }

    /**
     * A normalized error ({@code |ours - theirs| / (atol + rtol·|theirs|)}, at most 1 passes) with
     * three significant digits: enough to see how close to the limit a result is.
     */
    static String error(double e) {
        if (e == 0) {
            return "0";
        }
        return Double.isFinite(e) ? String.format(Locale.ROOT, "%.3g", e) : String.valueOf(e);
    }

    /** {@code PASS} or {@code FAIL}. */
    static String verdict(boolean passed) {
        return passed ? "PASS" : "FAIL";
    }
}

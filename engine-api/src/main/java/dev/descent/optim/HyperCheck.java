package dev.descent.optim;

/**
 * Validation of hyper-parameters: each check throws {@link IllegalArgumentException} naming the
 * parameter, the value and the allowed range, e.g. {@code "lr = -0.1 is invalid: must be in [0, ∞)"}.
 * NaN fails every check.
 */
public final class HyperCheck {
    private HyperCheck() {
    }

    /** {@code value ≥ 0}. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw invalid(name, value, "[0, ∞)");
        }
        return value;
    }

    /** {@code value > 0}. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(name, value, "(0, ∞)");
        }
        return value;
    }

    /** {@code 0 ≤ value < 1}. */
    public static double unitClosedOpen(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw invalid(name, value, "[0, 1)");
        }
        return value;
    }

    /** {@code 0 ≤ value ≤ 1}. */
    public static double unitClosed(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw invalid(name, value, "[0, 1]");
        }
        return value;
    }

    /** {@code 0 < value < 1}. */
    public static double unitOpen(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw invalid(name, value, "(0, 1)");
        }
        return value;
    }

    /** {@code value > 1}. */
    public static double aboveOne(String name, double value) {
        if (!(value > 1) || Double.isInfinite(value)) {
            throw invalid(name, value, "(1, ∞)");
        }
        return value;
    }

    /** {@code lower ≤ upper}, both already checked. */
    public static void ordered(String lowerName, double lower, String upperName, double upper) {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException(lowerName + " = " + lower + " is invalid: must be ≤ " + upperName
                    + " = " + upper);
        }
    }

    /** The exception for {@code name = value} outside {@code range}. */
    public static IllegalArgumentException invalid(String name, double value, String range) {
        return new IllegalArgumentException(name + " = " + value + " is invalid: must be in " + range);
    }
}

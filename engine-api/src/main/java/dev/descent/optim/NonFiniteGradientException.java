package dev.descent.optim;

/**
 * Thrown by {@link Optimizer#step()} when a gradient holds NaN or ±Infinity. Parameters, state and
 * the step count are exactly as they were before the call.
 */
public final class NonFiniteGradientException extends ArithmeticException {
    private final String tensorName;

    public NonFiniteGradientException(String tensorName, long step) {
        super("gradient '" + tensorName + "' holds NaN or Infinity at step " + step
                + "; nothing was updated (use skipNonFinite to skip such steps instead)");
        this.tensorName = tensorName;
    }

    /** The name of the first gradient found non-finite. */
    public String tensorName() {
        return tensorName;
    }
}

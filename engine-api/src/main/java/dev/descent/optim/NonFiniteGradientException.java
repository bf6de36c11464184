package dev.descent.optim;

/**
 * Thrown by {@link Optimizer#step()} when a gradient holds NaN or ±Infinity. Parameters, state and
 * the step count are exactly as they were before the call.
 */
public final class NonFiniteGradientException extends ArithmeticException {
    private final String tensorName;

    public NonFiniteGradientException(String tensorName, long step) {
        this("gradient '" + tensorName + "' holds NaN or Infinity at step " + step
                + "; nothing was updated (use skipNonFinite to skip such steps instead)", tensorName);
    }

    private NonFiniteGradientException(String message, String tensorName) {
        super(message);
        this.tensorName = tensorName;
    }

    /**
     * The error of a gradient clip with {@code error_if_nonfinite}: the total norm is not finite
     * (torch raises a RuntimeError there), thrown even where non-finite steps are skipped.
     */
    static NonFiniteGradientException ofNorm(GradientClipping.Norm clip, double norm, String tensorName, long step) {
        return new NonFiniteGradientException("the total norm of order " + clip.normType().torchValue()
                + " of the gradients is " + norm + " at step " + step + " (gradient '" + tensorName
                + "' holds NaN or Infinity), so it cannot be clipped; nothing was updated (error_if_nonfinite is set)",
                tensorName);
    }

    /**
     * The error of a {@link GradScaler} whose scale has backed off so far that its inverse is
     * infinite: the gradients were non-finite at every scale tried.
     */
    static NonFiniteGradientException ofScale(float scale, long skipped, long step) {
        return new NonFiniteGradientException("the loss scale has backed off to " + scale + " after " + skipped
                + " skipped steps, too small to unscale by, at step " + step + ": the gradients hold NaN or Infinity"
                + " at every scale; nothing was updated", null);
    }

    /** The name of the first gradient found non-finite (null when the loss scale ran out, {@link GradScaler}). */
    public String tensorName() {
        return tensorName;
    }
}

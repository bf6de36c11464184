package dev.descent.kernel;

/**
 * What an optimizer kernel does to each gradient element before anything else: clamps it to
 * {@code [-maxValue, maxValue]} (torch's {@code clip_grad_value_}), then multiplies it by
 * {@code scale} (torch's {@code clip_grad_norm_} coefficient). The gradient tensors themselves are
 * never written: every backend forms the clipped value in registers where it forms the effective
 * gradient. {@link #NONE} leaves every gradient as it is, bit for bit.
 *
 * @param scale the factor, in {@code [0, 1]}; 1 when the norm is within {@code max_norm}
 * @param maxValue the clamp bound, {@code ≥ 0}; {@code +∞} for none
 */
public record GradientClip(float scale, float maxValue) {

    /** No clipping: scale 1, no clamp. */
    public static final GradientClip NONE = new GradientClip(1f, Float.POSITIVE_INFINITY);

    public GradientClip {
        if (!(scale >= 0f && scale <= 1f)) {
            throw new IllegalArgumentException("a gradient clip scale must lie in [0, 1], got " + scale);
        }
        if (!(maxValue >= 0f)) {
            throw new IllegalArgumentException("a gradient clip value must be ≥ 0, got " + maxValue);
        }
    }

    /** Gradients multiplied by {@code scale}, as {@code clip_grad_norm_} does when the norm is too large. */
    public static GradientClip scaledBy(float scale) {
        return new GradientClip(scale, Float.POSITIVE_INFINITY);
    }

    /** Gradients clamped to {@code [-maxValue, maxValue]}, as {@code clip_grad_value_} does. */
    public static GradientClip clampedTo(float maxValue) {
        return new GradientClip(1f, maxValue);
    }

    /** Whether the kernels multiply by {@link #scale} (it is not 1). */
    public boolean scales() {
        return scale != 1f;
    }

    /** Whether the kernels clamp to {@link #maxValue} (it is finite). */
    public boolean clamps() {
        return maxValue != Float.POSITIVE_INFINITY;
    }
}

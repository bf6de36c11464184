package dev.descent.kernel;

/**
 * What an optimizer kernel does to each gradient element before anything else: multiplies it by
 * {@code unscale} (the {@code 1/scale} of loss scaling: torch's {@code GradScaler.unscale_}), clamps
 * it to {@code [-maxValue, maxValue]} (torch's {@code clip_grad_value_}), then multiplies it by
 * {@code scale} (torch's {@code clip_grad_norm_} coefficient) — torch's order when a loop calls
 * {@code scaler.unscale_(optimizer)}, then clips, then {@code scaler.step(optimizer)}. The gradient
 * tensors themselves are never written: every backend forms the value in registers where it forms
 * the effective gradient, each operation skipped where it would change nothing. {@link #NONE} leaves
 * every gradient as it is, bit for bit.
 *
 * @param scale the clip factor, in {@code [0, 1]}; 1 when the norm is within {@code max_norm}
 * @param maxValue the clamp bound, {@code ≥ 0}; {@code +∞} for none
 * @param unscale the loss scale's inverse, finite and {@code > 0} (torch's {@code inv_scale}: the
 *     float32 of the double reciprocal of the float32 scale); 1 without loss scaling
 */
public record GradientClip(float scale, float maxValue, float unscale) {

    /** No clipping and no loss scale: scale 1, no clamp, unscale 1. */
    public static final GradientClip NONE = new GradientClip(1f, Float.POSITIVE_INFINITY, 1f);

    public GradientClip {
        if (!(scale >= 0f && scale <= 1f)) {
            throw new IllegalArgumentException("a gradient clip scale must lie in [0, 1], got " + scale);
        }
        if (!(maxValue >= 0f)) {
            throw new IllegalArgumentException("a gradient clip value must be ≥ 0, got " + maxValue);
        }
        if (!(unscale > 0f && unscale < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("a gradient unscale (1/loss scale) must be finite and > 0, got "
                    + unscale);
        }
    }

    /** A clip without loss scaling: {@code unscale} 1. */
    public GradientClip(float scale, float maxValue) {
        this(scale, maxValue, 1f);
    }

    /** Gradients multiplied by {@code scale}, as {@code clip_grad_norm_} does when the norm is too large. */
    public static GradientClip scaledBy(float scale) {
        return new GradientClip(scale, Float.POSITIVE_INFINITY);
    }

    /** Gradients clamped to {@code [-maxValue, maxValue]}, as {@code clip_grad_value_} does. */
    public static GradientClip clampedTo(float maxValue) {
        return new GradientClip(1f, maxValue);
    }

    /** This clip applied to gradients of a loss scaled by {@code 1/unscale}: they are multiplied by {@code unscale} first. */
    public GradientClip unscaledBy(float unscale) {
        return new GradientClip(scale, maxValue, unscale);
    }

    /** Whether the kernels multiply by {@link #scale} (it is not 1). */
    public boolean scales() {
        return scale != 1f;
    }

    /** Whether the kernels clamp to {@link #maxValue} (it is finite). */
    public boolean clamps() {
        return maxValue != Float.POSITIVE_INFINITY;
    }

    /** Whether the kernels multiply by {@link #unscale} first (it is not 1). */
    public boolean unscales() {
        return unscale != 1f;
    }
}

package dev.descent.reference;

import dev.descent.kernel.GradientClip;

/**
 * The gradient every torch optimizer starts from: unscaled (torch.cuda.amp.GradScaler.unscale_,
 * torch/cuda/amp/grad_scaler.py), clipped (torch.nn.utils.clip_grad_value_ and the scale of
 * torch.nn.utils.clip_grad_norm_, torch/nn/utils/clip_grad.py), negated under {@code maximize}, then
 * L2 decay added.
 */
final class Gradients {
    private Gradients() {
    }

    /**
     * {@code clamp(g·unscale, -maxValue, maxValue)·scale} in float32: torch's
     * {@code _amp_foreach_non_finite_check_and_unscale_} ({@code g·inv_scale}), {@code g.clamp_(-v, v)}
     * and {@code g.mul_(clip_coef_clamped)}, each skipped when it would change nothing.
     */
    static float clipped(float g, GradientClip clip) {
        float u = clip.unscales() ? g * clip.unscale() : g;
        float c = clip.clamps() ? Math.min(Math.max(u, -clip.maxValue()), clip.maxValue()) : u;
        return clip.scales() ? c * clip.scale() : c;
    }

    /** {@code (maximize ? -g' : g') + wd·p} for the clipped {@code g'}, torch's {@code grad.add(param, alpha=wd)}. */
    static float effective(float g, float p, float weightDecay, boolean maximize, GradientClip clip) {
        float c = clipped(g, clip);
        float d = maximize ? -c : c;
        return weightDecay != 0 ? d + weightDecay * p : d;
    }
}

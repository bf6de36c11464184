package dev.descent.simd;

import dev.descent.kernel.GradientClip;
import jdk.incubator.vector.FloatVector;

/** The gradient every torch optimizer starts from: unscaled, clipped, negated under {@code maximize}, then L2 decay added. */
final class Gradients {
    private Gradients() {
    }

    /** {@code clamp(g·unscale, -maxValue, maxValue)·scale} lane by lane, as {@code dev.descent.reference.Gradients.clipped}. */
    static FloatVector clipped(FloatVector g, GradientClip clip) {
        FloatVector u = clip.unscales() ? g.mul(clip.unscale()) : g;
        FloatVector c = clip.clamps() ? u.max(-clip.maxValue()).min(clip.maxValue()) : u; // MAX/MIN are Math.max/min
        return clip.scales() ? c.mul(clip.scale()) : c;
    }

    /** {@code (maximize ? -g' : g') + wd·p} for the clipped {@code g'}, as {@code dev.descent.reference.Gradients.effective}. */
    static FloatVector effective(FloatVector g, FloatVector p, float weightDecay, boolean maximize, GradientClip clip) {
        FloatVector c = clipped(g, clip);
        FloatVector d = maximize ? c.neg() : c;
        return weightDecay != 0 ? d.add(p.mul(weightDecay)) : d;
    }
}

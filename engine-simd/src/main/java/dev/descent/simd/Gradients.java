package dev.descent.simd;

import jdk.incubator.vector.FloatVector;

/** The gradient every torch optimizer starts from: negated under {@code maximize}, then L2 decay added. */
final class Gradients {
    private Gradients() {
    }

    /** {@code (maximize ? -g : g) + wd·p} lane by lane, as {@code dev.descent.reference.Gradients.effective}. */
    static FloatVector effective(FloatVector g, FloatVector p, float weightDecay, boolean maximize) {
        FloatVector d = maximize ? g.neg() : g;
        return weightDecay != 0 ? d.add(p.mul(weightDecay)) : d;
    }
}

package dev.descent.reference;

/** The gradient every torch optimizer starts from: negated under {@code maximize}, then L2 decay added. */
final class Gradients {
    private Gradients() {
    }

    /** {@code (maximize ? -g : g) + wd·p} in float32, torch's {@code grad.add(param, alpha=wd)}. */
    static float effective(float g, float p, float weightDecay, boolean maximize) {
        float d = maximize ? -g : g;
        return weightDecay != 0 ? d + weightDecay * p : d;
    }
}

package dev.descent.bench.harness;

/** What one timed step is. */
public enum StepMode {

    /**
     * {@code Optimizer.step()}: what a training loop pays, including its checks and the scan of every
     * gradient for NaN and ±∞ before anything is written (one more read of the gradient).
     */
    STEP("step"),

    /**
     * The spec's host scalars and the backend's kernel alone, as {@code Optimizer.step()} runs them
     * after its checks: the part a fused C loop is comparable with.
     */
    KERNEL("kernel");

    private final String label;

    StepMode(String label) {
        this.label = label;
    }

    /** {@code step} or {@code kernel}, as reports name it. */
    public String label() {
        return label;
    }
}

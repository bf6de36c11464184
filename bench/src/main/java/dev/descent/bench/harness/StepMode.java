package dev.descent.bench.harness;

/** What one timed step is. */
public enum StepMode {

    /**
     * {@code Optimizer.step()}: what a training loop pays, including its checks and the scan of every
     * gradient for NaN and ±∞ before anything is written (one more read of the gradient).
     */
    STEP("step"),

    /**
     * {@code Optimizer.step()} with gradient clipping by the total 2-norm at {@link #CLIP_NORM}: the norm
     * pass (one read of every gradient, which also finds NaN and ±∞) replaces the scan, and the kernels
     * scale each gradient as they read it. What clipping costs is this mode's time over {@link #STEP}'s.
     */
    CLIPPED("clipped"),

    /**
     * The spec's host scalars and the backend's kernel alone, as {@code Optimizer.step()} runs them
     * after its checks: the part a fused C loop is comparable with.
     */
    KERNEL("kernel");

    /**
     * The largest total gradient norm {@link #CLIPPED} lets through: below the norm of the benchmark's
     * gradients from 10³ elements on ({@code BenchData}: root mean square ≈ 4.9·10⁻³), so the kernels
     * really scale.
     */
    public static final double CLIP_NORM = 0.1;

    private final String label;

    StepMode(String label) {
        this.label = label;
    }

    /** {@code step} or {@code kernel}, as reports name it. */
    public String label() {
        return label;
    }
}

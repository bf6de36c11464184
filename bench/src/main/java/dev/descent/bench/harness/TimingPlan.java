package dev.descent.bench.harness;

/**
 * How long each case is warmed up and timed.
 *
 * @param warmupNanos the least time spent stepping before the timed runs (the JIT compiles the
 *     kernels, caches and pages settle); at least {@link StepTimer#MIN_WARMUP_STEPS} steps run in any case
 * @param runs the number of timed runs, whose median is reported
 * @param runNanos the least duration of one timed run: as many back-to-back steps as fill it, so that
 *     the clock's resolution and the synchronisation at the end of a run do not matter
 */
public record TimingPlan(long warmupNanos, int runs, long runNanos) {

    /** The default warm-up: 0.2 s per case. */
    public static final long DEFAULT_WARMUP_NANOS = 200_000_000L;

    /** The default number of timed runs. */
    public static final int DEFAULT_RUNS = 5;

    /** The default least duration of one timed run: 50 ms. */
    public static final long DEFAULT_RUN_NANOS = 50_000_000L;

    public TimingPlan {
        if (warmupNanos < 0) {
            throw new IllegalArgumentException("warm-up = " + warmupNanos + " ns must be ≥ 0");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs = " + runs + " must be at least 1");
        }
        if (runNanos < 1) {
            throw new IllegalArgumentException("run time = " + runNanos + " ns must be at least 1");
        }
    }

    /** The defaults of {@code ./descent bench}: about a second per case on a 2-core machine. */
    public static TimingPlan defaults() {
        return new TimingPlan(DEFAULT_WARMUP_NANOS, DEFAULT_RUNS, DEFAULT_RUN_NANOS);
    }
}

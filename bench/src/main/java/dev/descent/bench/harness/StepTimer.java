package dev.descent.bench.harness;

import java.util.function.LongSupplier;

/**
 * Times a step by the rules of {@link TimingPlan}: warm-up, then several runs of back-to-back steps,
 * each closed by a synchronisation so that a backend that queues its work (CUDA) is timed when the
 * work is done, not when it was submitted.
 */
public final class StepTimer {

    /** Steps run in the warm-up however short {@link TimingPlan#warmupNanos()} is. */
    public static final int MIN_WARMUP_STEPS = 2;

    private final LongSupplier clock;

    /** A timer on {@link System#nanoTime()}. */
    public StepTimer() {
        this(System::nanoTime);
    }

    /** A timer on {@code clock}, a monotonic count of nanoseconds (a fake one in tests). */
    public StepTimer(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Warms {@code step} up, then times {@link TimingPlan#runs()} runs of it.
     *
     * @param step one step of the case
     * @param sync waits until every step submitted so far is done (nothing to do on a CPU backend)
     */
    public Measurement measure(TimingPlan plan, Runnable step, Runnable sync) {
        // Warm-up in batches that double, each closed by a sync, so that the last batch gives a
        // per-step time that includes the work itself even where steps are queued.
        sync.run();
        long spent = 0;
        long steps = 0;
        long batch = 1;
        double nsPerStep;
        while (true) {
            long elapsed = timeSteps(step, sync, batch);
            spent += elapsed;
            steps += batch;
            nsPerStep = Math.max(1, elapsed) / (double) batch;
            if (spent >= plan.warmupNanos() && steps >= MIN_WARMUP_STEPS) {
                break;
            }
            long remaining = (long) Math.ceil(Math.max(0, plan.warmupNanos() - spent) / nsPerStep);
            batch = Math.max(1, Math.min(2 * batch, Math.max(remaining, MIN_WARMUP_STEPS - steps)));
        }
        long stepsPerRun = Math.max(1, (long) Math.ceil(plan.runNanos() / nsPerStep));
        double[] runs = new double[plan.runs()];
        for (int r = 0; r < runs.length; r++) {
            runs[r] = Math.max(1, timeSteps(step, sync, stepsPerRun)) / (double) stepsPerRun;
        }
        return Measurement.of(runs, stepsPerRun);
    }

    /** Nanoseconds for {@code count} steps and the sync after them. */
    private long timeSteps(Runnable step, Runnable sync, long count) {
        long start = clock.getAsLong();
        for (long i = 0; i < count; i++) {
            step.run();
        }
        sync.run();
        return clock.getAsLong() - start;
    }
}

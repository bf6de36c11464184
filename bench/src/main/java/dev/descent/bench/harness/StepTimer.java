package dev.descent.bench.harness;

import java.util.function.LongSupplier;

/**
 * Times a step by the rules of {@link TimingPlan}: warm-up, then several runs of back-to-back steps,
 * each closed by a synchronisation so that a backend that queues its work (CUDA) is timed when the
 * work is done, not when it was submitted.
 *
 * <p>The warm-up lasts at least {@link TimingPlan#warmupNanos()} and then goes on, in batches of
 * about an eighth of it, until the last {@value #STEADY_BATCHES} batches agree within
 * {@value #STEADY_SPREAD}× of each other (the JIT has settled, the caches are warm), but no longer
 * than {@value #MAX_WARMUP_FACTOR}× the warm-up time. A steady warm-up can still be a steadily slow
 * interpreter, before the first compilation of a kernel: {@link #run} is for warming the JIT up
 * beforehand.
 */
public final class StepTimer {

    /** Steps run in the warm-up however short {@link TimingPlan#warmupNanos()} is. */
    public static final int MIN_WARMUP_STEPS = 2;

    /** The batches whose times must agree for the warm-up to end. */
    static final int STEADY_BATCHES = 3;

    /** The most the slowest of those batches may take per step over the fastest. */
    static final double STEADY_SPREAD = 1.05;

    /** The warm-up ends after this many times {@link TimingPlan#warmupNanos()}, steady or not. */
    static final int MAX_WARMUP_FACTOR = 5;

    /** The warm-up's batches last about this fraction of the warm-up time, once they have grown to it. */
    private static final int SLICES = 8;

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
        // Batches that double up to a slice of the warm-up, each closed by a sync, so that the time
        // per step includes the work itself even where steps are queued.
        sync.run();
        long slice = Math.max(1, plan.warmupNanos() / SLICES);
        long limit = plan.warmupNanos() * MAX_WARMUP_FACTOR;
        double[] recent = new double[STEADY_BATCHES];
        int batches = 0;
        long spent = 0;
        long steps = 0;
        long batch = 1;
        double nsPerStep;
        while (true) {
            long elapsed = timeSteps(step, sync, batch);
            spent += elapsed;
            steps += batch;
            nsPerStep = Math.max(1, elapsed) / (double) batch;
            recent[batches++ % STEADY_BATCHES] = nsPerStep;
            if (steps >= MIN_WARMUP_STEPS && spent >= plan.warmupNanos()
                    && (spent >= limit || steady(recent, batches))) {
                break;
            }
            batch = Math.max(1, Math.min(2 * batch, (long) Math.ceil(slice / nsPerStep)));
        }
        long stepsPerRun = Math.max(1, (long) Math.ceil(plan.runNanos() / nsPerStep));
        double[] runs = new double[plan.runs()];
        for (int r = 0; r < runs.length; r++) {
            runs[r] = Math.max(1, timeSteps(step, sync, stepsPerRun)) / (double) stepsPerRun;
        }
        return Measurement.of(runs, stepsPerRun);
    }

    /**
     * Runs {@code step} for at least {@code nanos} (and at least {@link #MIN_WARMUP_STEPS} steps)
     * without timing anything: long enough for the JIT to compile the kernels it calls.
     */
    public void run(long nanos, Runnable step, Runnable sync) {
        long start = clock.getAsLong();
        long steps = 0;
        do {
            step.run();
            steps++;
        } while (steps < MIN_WARMUP_STEPS || clock.getAsLong() - start < nanos);
        sync.run();
    }

    private static boolean steady(double[] recent, int batches) {
        if (batches < STEADY_BATCHES) {
            return false;
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double r : recent) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return max <= STEADY_SPREAD * min;
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

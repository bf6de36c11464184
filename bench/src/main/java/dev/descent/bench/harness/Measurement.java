package dev.descent.bench.harness;

import java.util.Arrays;

/**
 * The time per step of one case: the median over the timed runs, and the fastest and slowest run.
 * The median because a run on a shared machine is disturbed only ever upwards (an interrupt, another
 * process, a GC), and the median ignores a minority of disturbed runs where the mean would not.
 *
 * @param medianNs the median over the runs of the nanoseconds per step
 * @param minNs the fastest run's nanoseconds per step
 * @param maxNs the slowest run's nanoseconds per step
 * @param runs the number of timed runs
 * @param stepsPerRun the steps in each run
 */
public record Measurement(double medianNs, double minNs, double maxNs, int runs, long stepsPerRun) {

    public Measurement {
        if (runs < 1 || stepsPerRun < 1) {
            throw new IllegalArgumentException("a measurement needs at least one run of one step, got " + runs
                    + " runs of " + stepsPerRun + " steps");
        }
        if (!(minNs > 0 && minNs <= medianNs && medianNs <= maxNs) || Double.isInfinite(maxNs)) {
            throw new IllegalArgumentException("times must be finite and positive with min ≤ median ≤ max, got "
                    + minNs + ", " + medianNs + ", " + maxNs + " ns");
        }
    }

    /**
     * The measurement of runs that took {@code nsPerStep[r]} nanoseconds per step, each of
     * {@code stepsPerRun} steps. The median of an even number of runs is the mean of the middle two.
     */
    public static Measurement of(double[] nsPerStep, long stepsPerRun) {
        if (nsPerStep.length == 0) {
            throw new IllegalArgumentException("no runs to summarise");
        }
        double[] sorted = nsPerStep.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Measurement(median, sorted[0], sorted[n - 1], n, stepsPerRun);
    }

    /** {@code items} (elements, bytes, ...) per second at the median time per step. */
    public double perSecond(double items) {
        return items / (medianNs * 1e-9);
    }
}

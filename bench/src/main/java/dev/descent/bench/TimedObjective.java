package dev.descent.bench;

import dev.descent.objective.ForwardingObjective;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * An {@link Objective} that delegates to another and adds up the wall time spent inside its
 * value-and-gradient evaluations, so a minimizer iteration's time splits into the objective's part
 * and the method's own (everything else: line-search trial points, dot products, the two-loop
 * recursion, the bookkeeping). Curvature products delegate untimed: the methods benchmarked here
 * make none.
 */
final class TimedObjective extends ForwardingObjective<Objective> {

    private long nanos;
    private long evaluations;

    TimedObjective(Objective delegate) {
        super(delegate);
    }

    /** Forgets the time and evaluations counted so far. */
    void reset() {
        nanos = 0;
        evaluations = 0;
    }

    /** Nanoseconds spent in {@link #valueAndGradient} since the last {@link #reset()}. */
    long nanos() {
        return nanos;
    }

    /** Calls of {@link #valueAndGradient} since the last {@link #reset()}. */
    long evaluations() {
        return evaluations;
    }

    @Override
    public double valueAndGradient(Tensor x, Tensor gradient) {
        long start = System.nanoTime();
        double value = delegate.valueAndGradient(x, gradient);
        nanos += System.nanoTime() - start;
        evaluations++;
        return value;
    }

    @Override
    public void close() {
        delegate.close();
    }
}

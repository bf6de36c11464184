package dev.descent.bench;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * An {@link Objective} that delegates to another and adds up the wall time spent inside its
 * value-and-gradient evaluations, so a minimizer iteration's time splits into the objective's part
 * and the method's own (everything else: line-search trial points, dot products, the two-loop
 * recursion, the bookkeeping). Curvature products delegate untimed: the methods benchmarked here
 * make none.
 */
final class TimedObjective implements Objective {

    private final Objective delegate;
    private long nanos;
    private long evaluations;

    TimedObjective(Objective delegate) {
        this.delegate = delegate;
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
    public String name() {
        return delegate.name();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public double[] startingValues() {
        return delegate.startingValues();
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
    public boolean hasExactHessianVectorProduct() {
        return delegate.hasExactHessianVectorProduct();
    }

    @Override
    public void hessianVectorProduct(Tensor x, Tensor v, Tensor out) {
        delegate.hessianVectorProduct(x, v, out);
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return delegate.hasGaussNewtonVectorProduct();
    }

    @Override
    public void gaussNewtonVectorProduct(Tensor x, Tensor v, Tensor out) {
        delegate.gaussNewtonVectorProduct(x, v, out);
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return delegate.hasDiagonalCurvature();
    }

    @Override
    public void diagonalCurvature(Tensor x, Tensor out) {
        delegate.diagonalCurvature(x, out);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

package dev.descent.lab;

import dev.descent.objective.FiniteDifferenceCurvature;
import dev.descent.objective.ForwardingObjective;
import dev.descent.objective.StochasticObjective;
import dev.descent.tensor.Tensor;

/**
 * A mean-over-examples objective that counts the work done on it, in passes over its data, and the
 * time spent in the evaluations a caller marks as monitoring: what the closing-advice experiment plots
 * loss against. An evaluation of all m examples is one pass, a mini-batch of b examples {@code b/m}
 * of one, a Gauss–Newton-vector product two (Hessian-free's cost: the R-forward and the backward
 * pass on top of the forward one; Martens 2010, §4.4 counts it so).
 *
 * <p>With {@code fullIsMonitoring}, the full-batch evaluations are counted as monitoring instead —
 * neither passes nor work time: in mini-batch training they are the end-of-epoch loss a person
 * watches, not a step's gradient.
 */
final class CountedObjective extends ForwardingObjective<StochasticObjective> implements StochasticObjective {

    private final boolean fullIsMonitoring;
    private long examples;
    private long monitoringNanos;

    /** Counts the work on {@code inner}; {@code fullIsMonitoring} for mini-batch training. */
    CountedObjective(StochasticObjective inner, boolean fullIsMonitoring) {
        super(inner);
        this.fullIsMonitoring = fullIsMonitoring;
    }

    /** Passes over the data so far. */
    double passes() {
        return (double) examples / delegate.exampleCount();
    }

    /** Seconds spent in monitoring evaluations so far. */
    double monitoringSeconds() {
        return monitoringNanos * 1e-9;
    }

    @Override
    public int exampleCount() {
        return delegate.exampleCount();
    }

    @Override
    public double valueAndGradient(Tensor x, Tensor gradient) {
        if (!fullIsMonitoring) {
            examples += delegate.exampleCount();
            return delegate.valueAndGradient(x, gradient);
        }
        long start = System.nanoTime();
        double f = delegate.valueAndGradient(x, gradient);
        monitoringNanos += System.nanoTime() - start;
        return f;
    }

    @Override
    public double batchValueAndGradient(Tensor x, int[] batch, Tensor gradient) {
        examples += batch.length;
        return delegate.batchValueAndGradient(x, batch, gradient);
    }

    /** {@inheritDoc} Never: Hessian products go by differences of this objective's counted gradients. */
    @Override
    public boolean hasExactHessianVectorProduct() {
        return false;
    }

    @Override
    public void hessianVectorProduct(Tensor x, Tensor v, Tensor out) {
        FiniteDifferenceCurvature.hessianVector(this, x, v, out);
    }

    @Override
    public void gaussNewtonVectorProduct(Tensor x, Tensor v, Tensor out) {
        examples += 2L * delegate.exampleCount();
        delegate.gaussNewtonVectorProduct(x, v, out);
    }

    @Override
    public void diagonalCurvature(Tensor x, Tensor out) {
        examples += delegate.exampleCount();
        delegate.diagonalCurvature(x, out);
    }

    @Override
    public void batchDiagonalCurvature(Tensor x, int[] batch, Tensor out) {
        examples += batch.length;
        delegate.batchDiagonalCurvature(x, batch, out);
    }

}

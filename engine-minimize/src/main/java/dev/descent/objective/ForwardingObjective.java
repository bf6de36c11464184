package dev.descent.objective;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * An objective that passes every call to another, for decorators that change or watch a few of them
 * (a curvature sample, a timer, a work counter) to override just those. Closing it closes nothing: the
 * wrapped objective belongs to whoever made it, unless a subclass says otherwise.
 *
 * @param <T> the kind of objective wrapped
 */
public abstract class ForwardingObjective<T extends Objective> implements Objective {

    /** The objective the calls go to. */
    protected final T delegate;

    /** Passes the calls to {@code delegate}. */
    protected ForwardingObjective(T delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
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
        return delegate.valueAndGradient(x, gradient);
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
    public Tensor startingPoint(Backend backend, DType dtype) {
        return delegate.startingPoint(backend, dtype);
    }
}

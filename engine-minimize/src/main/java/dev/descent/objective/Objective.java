package dev.descent.objective;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * A smooth function {@code f: ℝⁿ → ℝ} to minimize, evaluated on backend tensors.
 *
 * <p>Every method takes tensors of {@link #dimension()} elements (any shape) of one backend, in
 * float32 or float64; values and reductions are returned in double. The optional parts are the
 * curvature products the second-order methods use: {@link #hessianVectorProduct} (exact when
 * {@link #hasExactHessianVectorProduct()}, else central differences of gradients), {@link
 * #gaussNewtonVectorProduct} and {@link #diagonalCurvature}. Implementations need not be
 * thread-safe: a minimizer evaluates one point at a time.
 *
 * <p>A problem with data (a matrix, a data set) keeps a copy of it on each backend and dtype it is
 * evaluated with, made on first use; {@link #close()} releases those copies (a later evaluation
 * makes them again).
 */
public interface Objective extends AutoCloseable {

    /** The problem's name as the factory knows it ({@code rosenbrock}, {@code logistic}, ...). */
    String name();

    /** The number of variables {@code n}. */
    int dimension();

    /** The conventional starting point {@code x0} of the problem, {@link #dimension()} values. */
    double[] startingValues();

    /**
     * The value at {@code x}; writes {@code ∇f(x)} into {@code gradient}.
     *
     * @throws IllegalArgumentException if a tensor does not hold {@link #dimension()} elements
     */
    double valueAndGradient(Tensor x, Tensor gradient);

    /** Whether {@link #hessianVectorProduct} is exact rather than a finite difference. */
    default boolean hasExactHessianVectorProduct() {
        return false;
    }

    /**
     * {@code out ← ∇²f(x)·v}. The default is a central difference of two gradients,
     * {@code (∇f(x + εv) − ∇f(x − εv)) / 2ε} (the centred form of Nocedal &amp; Wright, Numerical Optimization, 2nd ed., eq. 8.20),
     * accurate to about {@code u^(2/3)} relative for the dtype's unit roundoff {@code u}.
     */
    default void hessianVectorProduct(Tensor x, Tensor v, Tensor out) {
        FiniteDifferenceCurvature.hessianVector(this, x, v, out);
    }

    /** Whether {@link #gaussNewtonVectorProduct} is available. */
    default boolean hasGaussNewtonVectorProduct() {
        return false;
    }

    /**
     * {@code out ← G(x)·v} for the Gauss–Newton matrix {@code G = JᵀH_L J} of a composite objective
     * (positive semidefinite; Schraudolph 2002; Martens 2010).
     *
     * @throws UnsupportedOperationException unless {@link #hasGaussNewtonVectorProduct()}
     */
    default void gaussNewtonVectorProduct(Tensor x, Tensor v, Tensor out) {
        throw new UnsupportedOperationException("problem '" + name() + "' has no Gauss-Newton-vector product");
    }

    /** Whether {@link #diagonalCurvature} is available. */
    default boolean hasDiagonalCurvature() {
        return false;
    }

    /**
     * {@code out ← diag(C(x))}, where {@code C} is the Gauss–Newton matrix when
     * {@link #hasGaussNewtonVectorProduct()} and the Hessian otherwise (which may make entries
     * negative): the per-element curvature estimate vSGD needs (Schaul, Zhang &amp; LeCun 2013).
     *
     * @throws UnsupportedOperationException unless {@link #hasDiagonalCurvature()}
     */
    default void diagonalCurvature(Tensor x, Tensor out) {
        throw new UnsupportedOperationException("problem '" + name() + "' has no diagonal curvature");
    }

    /** A new tensor on {@code backend} holding {@link #startingValues()} in {@code dtype}. */
    default Tensor startingPoint(Backend backend, DType dtype) {
        double[] x0 = startingValues();
        Tensor x = backend.allocate(name() + ".x", dtype, x0.length);
        x.copyFrom(x0);
        return x;
    }

    /** {@link #startingPoint(Backend, DType)} in float64, the default precision of the minimizers. */
    default Tensor startingPoint(Backend backend) {
        return startingPoint(backend, DType.FLOAT64);
    }

    /** Releases the copies of the problem's data held on backends; nothing to do for most problems. */
    @Override
    default void close() {
    }
}

package dev.descent.objective;

import dev.descent.tensor.Tensor;

/**
 * An objective computed in double on the host, over plain arrays: the base of the small problems
 * ({@code beale}, {@code saddle}: two variables) and of problems defined by host-side randomness
 * ({@link NoisyQuadratic}), and of user problems written as plain Java. The problems whose size
 * matters ({@link Quadratic}, {@link Rosenbrock}, {@link LogisticRegression}) are evaluated with
 * backend kernels instead, so their point never leaves the backend.
 *
 * <p>Each tensor-level method copies its inputs out with {@link Tensor#copyTo(double[])}, calls the
 * array-level method of the subclass, and copies the result back with {@link
 * Tensor#copyFrom(double[])}. That works on every backend and for float32 and float64 tensors
 * (float32 inputs are widened exactly; results are rounded once to the dtype).
 *
 * <p>Scratch arrays are kept between calls, so an instance is not thread-safe.
 */
public abstract class HostObjective extends AbstractObjective {

    private double[] xs;
    private double[] vs;
    private double[] outs;

    /** A problem called {@code name} with {@code dimension ≥ 1} variables. */
    protected HostObjective(String name, int dimension) {
        super(name, dimension);
    }

    /** The value at {@code x}; writes the gradient into {@code gradient}. */
    protected abstract double valueAndGradient(double[] x, double[] gradient);

    /**
     * {@code out ← ∇²f(x)·v}; called only when {@link #hasExactHessianVectorProduct()} is overridden
     * to return true.
     */
    protected void hessianVectorProduct(double[] x, double[] v, double[] out) {
        throw new UnsupportedOperationException("problem '" + name() + "' has no exact Hessian-vector product");
    }

    /** {@code out ← G(x)·v}; called only when {@link #hasGaussNewtonVectorProduct()} returns true. */
    protected void gaussNewtonVectorProduct(double[] x, double[] v, double[] out) {
        throw new UnsupportedOperationException("problem '" + name() + "' has no Gauss-Newton-vector product");
    }

    /** {@code out ← diag(C(x))}; called only when {@link #hasDiagonalCurvature()} returns true. */
    protected void diagonalCurvature(double[] x, double[] out) {
        throw new UnsupportedOperationException("problem '" + name() + "' has no diagonal curvature");
    }

    @Override
    public double valueAndGradient(Tensor x, Tensor gradient) {
        double[] in = read(x, "x");
        double[] g = out(gradient, "gradient");
        double f = valueAndGradient(in, g);
        gradient.copyFrom(g);
        return f;
    }

    @Override
    public void hessianVectorProduct(Tensor x, Tensor v, Tensor out) {
        if (!hasExactHessianVectorProduct()) {
            FiniteDifferenceCurvature.hessianVector(this, x, v, out);
            return;
        }
        double[] in = read(x, "x");
        double[] dir = readDirection(v);
        double[] result = out(out, "out");
        hessianVectorProduct(in, dir, result);
        out.copyFrom(result);
    }

    @Override
    public void gaussNewtonVectorProduct(Tensor x, Tensor v, Tensor out) {
        if (!hasGaussNewtonVectorProduct()) {
            throw new UnsupportedOperationException("problem '" + name() + "' has no Gauss-Newton-vector product");
        }
        double[] in = read(x, "x");
        double[] dir = readDirection(v);
        double[] result = out(out, "out");
        gaussNewtonVectorProduct(in, dir, result);
        out.copyFrom(result);
    }

    @Override
    public void diagonalCurvature(Tensor x, Tensor out) {
        if (!hasDiagonalCurvature()) {
            throw new UnsupportedOperationException("problem '" + name() + "' has no diagonal curvature");
        }
        double[] in = read(x, "x");
        double[] result = out(out, "out");
        diagonalCurvature(in, result);
        out.copyFrom(result);
    }

    /** Copies {@code x} into the host array for points. */
    final double[] read(Tensor x, String role) {
        requireSize(x, role);
        if (xs == null) {
            xs = new double[dimension()];
        }
        x.copyTo(xs);
        return xs;
    }

    /** The host array for results, checked against {@code t}. */
    final double[] out(Tensor t, String role) {
        requireSize(t, role);
        if (outs == null) {
            outs = new double[dimension()];
        }
        return outs;
    }

    private double[] readDirection(Tensor v) {
        requireSize(v, "v");
        if (vs == null) {
            vs = new double[dimension()];
        }
        v.copyTo(vs);
        return vs;
    }

}

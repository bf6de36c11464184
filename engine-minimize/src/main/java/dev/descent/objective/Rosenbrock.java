package dev.descent.objective;

import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.Tensor;

/**
 * The extended (paired) Rosenbrock function of Moré, Garbow &amp; Hillstrom (1981), problem 21:
 * {@code f(x) = Σ_{i<n/2} 100·(x_{2i+1} − x_{2i}²)² + (1 − x_{2i})²} for even {@code n}, started at
 * {@code (−1.2, 1, −1.2, 1, …)}; minimum 0 at {@code (1, …, 1)}. For {@code n = 2} it is the classic
 * banana function (Rosenbrock 1960).
 *
 * <p>Each pair is a sum of two squares, {@code r₁ = 10(b − a²)}, {@code r₂ = 1 − a}, so besides the
 * exact Hessian it offers the Gauss–Newton matrix {@code 2JᵀJ} and its diagonal. Every evaluation is
 * one backend kernel ({@link dev.descent.backend.ObjectiveKernels#rosenbrock} and its curvature
 * twins; the reference backend's {@code RosenbrockKernel} holds the formulas), so {@code x} stays
 * on the backend.
 */
public final class Rosenbrock extends AbstractObjective {

    /** The extended Rosenbrock function in {@code n} variables ({@code n} even, ≥ 2). */
    public Rosenbrock(int n) {
        super("rosenbrock", requireEven(n));
    }

    private static int requireEven(int n) {
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("problem 'rosenbrock' pairs its variables: n must be even and ≥ 2, got "
                    + n);
        }
        return n;
    }

    @Override
    public double[] startingValues() {
        double[] x0 = new double[dimension()];
        for (int i = 0; i < x0.length; i += 2) {
            x0[i] = -1.2;
            x0[i + 1] = 1;
        }
        return x0;
    }

    @Override
    public double valueAndGradient(Tensor x, Tensor gradient) {
        requireSize(x, "x");
        requireSize(gradient, "gradient");
        return x.backend().objectiveKernels().rosenbrock(x, gradient);
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Tensor x, Tensor v, Tensor out) {
        curvatureVector(RosenbrockCurvature.HESSIAN, x, v, out);
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    @Override
    public void gaussNewtonVectorProduct(Tensor x, Tensor v, Tensor out) {
        curvatureVector(RosenbrockCurvature.GAUSS_NEWTON, x, v, out);
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    public void diagonalCurvature(Tensor x, Tensor out) {
        requireSize(x, "x");
        requireSize(out, "out");
        x.backend().objectiveKernels().rosenbrockGaussNewtonDiagonal(x, out);
    }

    private void curvatureVector(RosenbrockCurvature curvature, Tensor x, Tensor v, Tensor out) {
        requireSize(x, "x");
        requireSize(v, "v");
        requireSize(out, "out");
        x.backend().objectiveKernels().rosenbrockCurvatureVector(curvature, x, v, out);
    }
}

package dev.descent.objective;

/**
 * The extended (paired) Rosenbrock function of Moré, Garbow &amp; Hillstrom (1981), problem 21:
 * {@code f(x) = Σ_{i<n/2} 100·(x_{2i+1} − x_{2i}²)² + (1 − x_{2i})²} for even {@code n}, started at
 * {@code (−1.2, 1, −1.2, 1, …)}; minimum 0 at {@code (1, …, 1)}. For {@code n = 2} it is the classic
 * banana function (Rosenbrock 1960).
 *
 * <p>Each pair is a sum of two squares, {@code r₁ = 10(b − a²)}, {@code r₂ = 1 − a}, so besides the
 * exact Hessian it offers the Gauss–Newton matrix {@code 2JᵀJ} and its diagonal.
 */
public final class Rosenbrock extends HostObjective {

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
    protected double valueAndGradient(double[] x, double[] g) {
        double f = 0;
        for (int i = 0; i < x.length; i += 2) {
            double a = x[i];
            double b = x[i + 1];
            double t = b - a * a;
            double u = 1 - a;
            f += 100 * t * t + u * u;
            g[i] = -400 * a * t - 2 * u;
            g[i + 1] = 200 * t;
        }
        return f;
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    /** Per pair {@code H = [[1200a² − 400b + 2, −400a], [−400a, 200]]}. */
    @Override
    protected void hessianVectorProduct(double[] x, double[] v, double[] out) {
        for (int i = 0; i < x.length; i += 2) {
            double a = x[i];
            double b = x[i + 1];
            out[i] = (1200 * a * a - 400 * b + 2) * v[i] - 400 * a * v[i + 1];
            out[i + 1] = -400 * a * v[i] + 200 * v[i + 1];
        }
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    /** Per pair {@code G = 2JᵀJ = [[800a² + 2, −400a], [−400a, 200]]}. */
    @Override
    protected void gaussNewtonVectorProduct(double[] x, double[] v, double[] out) {
        for (int i = 0; i < x.length; i += 2) {
            double a = x[i];
            out[i] = (800 * a * a + 2) * v[i] - 400 * a * v[i + 1];
            out[i + 1] = -400 * a * v[i] + 200 * v[i + 1];
        }
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    protected void diagonalCurvature(double[] x, double[] out) {
        for (int i = 0; i < x.length; i += 2) {
            double a = x[i];
            out[i] = 800 * a * a + 2;
            out[i + 1] = 200;
        }
    }
}

package dev.descent.objective;

/**
 * Beale's function (Moré, Garbow &amp; Hillstrom 1981, problem 5):
 * {@code f(x, y) = Σ_{k=1..3} r_k²} with {@code r_k = c_k − x + x·y^k}, {@code c = (1.5, 2.25, 2.625)};
 * started at {@code (1, 1)}, minimum 0 at {@code (3, 0.5)}. A sum of squares, so it offers the
 * Gauss–Newton matrix {@code 2JᵀJ} besides the exact Hessian.
 */
public final class Beale extends HostObjective {

    private static final double[] C = {1.5, 2.25, 2.625};

    /** Beale's function (two variables). */
    public Beale() {
        super("beale", 2);
    }

    @Override
    public double[] startingValues() {
        return new double[] {1, 1};
    }

    @Override
    protected double valueAndGradient(double[] p, double[] g) {
        double x = p[0];
        double y = p[1];
        double f = 0;
        double gx = 0;
        double gy = 0;
        double yk1 = 1; // y^(k-1)
        for (int k = 1; k <= 3; k++) {
            double yk = yk1 * y;
            double r = C[k - 1] - x + x * yk;
            f += r * r;
            gx += 2 * r * (yk - 1);
            gy += 2 * r * k * x * yk1;
            yk1 = yk;
        }
        g[0] = gx;
        g[1] = gy;
        return f;
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    /** {@code H = 2·Σ (J_kᵀJ_k + r_k·∇²r_k)}, {@code ∇²r_k = [[0, k·y^(k−1)], [k·y^(k−1), k(k−1)·x·y^(k−2)]]}. */
    @Override
    protected void hessianVectorProduct(double[] p, double[] v, double[] out) {
        double[] h = curvature(p, true);
        out[0] = h[0] * v[0] + h[1] * v[1];
        out[1] = h[1] * v[0] + h[2] * v[1];
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    @Override
    protected void gaussNewtonVectorProduct(double[] p, double[] v, double[] out) {
        double[] h = curvature(p, false);
        out[0] = h[0] * v[0] + h[1] * v[1];
        out[1] = h[1] * v[0] + h[2] * v[1];
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    protected void diagonalCurvature(double[] p, double[] out) {
        double[] h = curvature(p, false);
        out[0] = h[0];
        out[1] = h[2];
    }

    /** The entries {@code (h_xx, h_xy, h_yy)} of the Hessian ({@code exact}) or of {@code 2JᵀJ}. */
    private static double[] curvature(double[] p, boolean exact) {
        double x = p[0];
        double y = p[1];
        double hxx = 0;
        double hxy = 0;
        double hyy = 0;
        double yk2 = 0; // y^(k-2); only used for k ≥ 2
        double yk1 = 1; // y^(k-1)
        for (int k = 1; k <= 3; k++) {
            double yk = yk1 * y;
            double jx = yk - 1;
            double jy = k * x * yk1;
            hxx += 2 * jx * jx;
            hxy += 2 * jx * jy;
            hyy += 2 * jy * jy;
            if (exact) {
                double r = C[k - 1] - x + x * yk;
                hxy += 2 * r * k * yk1;
                hyy += 2 * r * k * (k - 1) * x * yk2;
            }
            yk2 = yk1;
            yk1 = yk;
        }
        return new double[] {hxx, hxy, hyy};
    }
}

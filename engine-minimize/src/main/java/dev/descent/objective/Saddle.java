package dev.descent.objective;

/**
 * The saddle {@code f(x, y) = x² − y²}: a stationary point at the origin that is no minimum, and no
 * minimum at all (f is unbounded below along y). Started at {@code (1, 0.1)}, off the x-axis, so a
 * descent method can escape the saddle; pure Newton would jump straight onto it. The Hessian is the
 * indefinite {@code diag(2, −2)}; there is no Gauss–Newton matrix, and the diagonal curvature is the
 * Hessian's.
 */
public final class Saddle extends HostObjective {

    /** The two-variable saddle. */
    public Saddle() {
        super("saddle", 2);
    }

    @Override
    public double[] startingValues() {
        return new double[] {1, 0.1};
    }

    @Override
    protected double valueAndGradient(double[] p, double[] g) {
        g[0] = 2 * p[0];
        g[1] = -2 * p[1];
        return p[0] * p[0] - p[1] * p[1];
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    @Override
    protected void hessianVectorProduct(double[] p, double[] v, double[] out) {
        out[0] = 2 * v[0];
        out[1] = -2 * v[1];
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    protected void diagonalCurvature(double[] p, double[] out) {
        out[0] = 2;
        out[1] = -2;
    }
}

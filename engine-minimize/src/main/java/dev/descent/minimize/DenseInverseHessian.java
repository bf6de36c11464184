package dev.descent.minimize;

import dev.descent.tensor.Tensor;

/**
 * The dense inverse-Hessian estimate {@code H} of BFGS, an {@code n×n} row-major {@code double[]} on
 * the host (O(n²) memory and work per step; a device copy is future work), with the BFGS update
 * {@code H ← (I − ρsyᵀ)·H·(I − ρysᵀ) + ρssᵀ}, {@code ρ = 1/yᵀs} (Nocedal &amp; Wright, 2nd ed.,
 * eq. 6.17) and the scaling {@code H₀ = (yᵀs / yᵀy)·I} before the first update (eq. 6.20).
 */
final class DenseInverseHessian {

    private static final double CURVATURE_EPS = 0x1p-52;

    private final int n;
    private final double[] h;
    private final double[] v; // a host copy of a vector
    private final double[] hy;
    private boolean identity;

    DenseInverseHessian(int n) {
        this.n = n;
        this.h = new double[Math.multiplyExact(n, n)];
        this.v = new double[n];
        this.hy = new double[n];
        reset();
    }

    /** Back to {@code H = I}. */
    void reset() {
        java.util.Arrays.fill(h, 0);
        for (int i = 0; i < n; i++) {
            h[i * n + i] = 1;
        }
        identity = true;
    }

    /** Whether H is still the unscaled identity (no update since the last reset). */
    boolean isIdentity() {
        return identity;
    }

    /** {@code d ← −H·g}, through the host. */
    void direction(Tensor g, Tensor d, double[] out) {
        g.copyTo(v);
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                s += h[row + j] * v[j];
            }
            out[i] = -s;
        }
        d.copyFrom(out);
    }

    /**
     * The BFGS update with the step {@code s} and gradient change {@code y} (host arrays), skipped
     * when {@code sᵀy ≤ ε·yᵀy}.
     *
     * @return whether H was updated
     */
    boolean update(double[] s, double[] y) {
        double sy = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            sy += s[i] * y[i];
            yy += y[i] * y[i];
        }
        if (!(sy > CURVATURE_EPS * yy) || !Double.isFinite(sy) || !Double.isFinite(yy)) {
            return false;
        }
        if (identity) {
            double gamma = sy / yy;
            for (int i = 0; i < n; i++) {
                h[i * n + i] = gamma;
            }
            identity = false;
        }
        double rho = 1 / sy;
        double yhy = 0;
        for (int i = 0; i < n; i++) {
            double t = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                t += h[row + j] * y[j];
            }
            hy[i] = t;
            yhy += y[i] * t;
        }
        // H − ρ(Hy·sᵀ + s·(Hy)ᵀ) + (ρ²·yᵀHy + ρ)·ssᵀ, the expanded form of eq. 6.17 (H symmetric)
        double c = rho * rho * yhy + rho;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double si = s[i];
            double hyi = hy[i];
            for (int j = 0; j < n; j++) {
                h[row + j] += -rho * (hyi * s[j] + si * hy[j]) + c * si * s[j];
            }
        }
        return true;
    }
}

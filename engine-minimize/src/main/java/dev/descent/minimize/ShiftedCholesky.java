package dev.descent.minimize;

/**
 * Solves {@code (A + τI)p = r} for a dense symmetric A (row-major {@code double[]}), with the smallest
 * τ ≥ 0 found by Nocedal &amp; Wright's "Cholesky with added multiple of the identity" (2nd ed.,
 * Alg. 3.3): τ = 0 if A's diagonal is positive, else {@code −min aᵢᵢ + β}; then τ ← max(2τ, β)
 * until the Cholesky factorization succeeds. β = 10⁻³·max|aᵢᵢ| (10⁻³ when the diagonal is 0), so the
 * shift scales with A.
 */
final class ShiftedCholesky {

    private final int n;
    private final double[] factor;

    /** The shift τ of the last solve. */
    private double shift;

    ShiftedCholesky(int n) {
        this.n = n;
        this.factor = new double[Math.multiplyExact(n, n)];
    }

    /** The shift τ the last {@link #solve} added. */
    double shift() {
        return shift;
    }

    /** {@code p ← (A + τI)⁻¹·r}, τ as small as Alg. 3.3 finds; {@code a} is not modified. */
    void solve(double[] a, double[] r, double[] p) {
        double minDiagonal = Double.POSITIVE_INFINITY;
        double maxDiagonal = 0;
        for (int i = 0; i < n; i++) {
            minDiagonal = Math.min(minDiagonal, a[i * n + i]);
            maxDiagonal = Math.max(maxDiagonal, Math.abs(a[i * n + i]));
        }
        if (!Double.isFinite(minDiagonal) || !Double.isFinite(maxDiagonal)) {
            throw new IllegalStateException("the Hessian has a non-finite diagonal entry");
        }
        double beta = maxDiagonal > 0 ? 1e-3 * maxDiagonal : 1e-3;
        double tau = minDiagonal > 0 ? 0 : -minDiagonal + beta;
        while (!factorize(a, tau)) {
            tau = Math.max(2 * tau, beta);
        }
        shift = tau;
        // forward L·z = r, then back Lᵀ·p = z
        for (int i = 0; i < n; i++) {
            double s = r[i];
            for (int k = 0; k < i; k++) {
                s -= factor[i * n + k] * p[k];
            }
            p[i] = s / factor[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = p[i];
            for (int k = i + 1; k < n; k++) {
                s -= factor[k * n + i] * p[k];
            }
            p[i] = s / factor[i * n + i];
        }
    }

    /** {@code LLᵀ = A + τI} into the lower triangle of {@link #factor}; false if not positive definite. */
    private boolean factorize(double[] a, double tau) {
        for (int j = 0; j < n; j++) {
            double diagonal = a[j * n + j] + tau;
            for (int k = 0; k < j; k++) {
                diagonal -= factor[j * n + k] * factor[j * n + k];
            }
            if (!(diagonal > 0)) {
                return false;
            }
            double ljj = Math.sqrt(diagonal);
            factor[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= factor[i * n + k] * factor[j * n + k];
                }
                factor[i * n + j] = s / ljj;
            }
        }
        return true;
    }
}

package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.tensor.Tensor;

/**
 * The last {@code m} curvature pairs {@code sᵢ = xᵢ₊₁ − xᵢ}, {@code yᵢ = ∇fᵢ₊₁ − ∇fᵢ} of L-BFGS, as backend
 * tensors in a ring, and the two-loop recursion that applies the inverse-Hessian estimate they
 * define (Nocedal &amp; Wright, 2nd ed., Alg. 7.4) with the initial scaling
 * {@code H₀ = (sᵀy / yᵀy)·I} of the newest pair (eq. 7.20). Pairs with {@code sᵀy ≤ ε·yᵀy}
 * (ε the float64 machine epsilon; L-BFGS-B's test) are skipped: they would break positive
 * definiteness.
 */
final class LbfgsHistory {

    private static final double CURVATURE_EPS = 0x1p-52;

    private final Backend backend;
    private final Tensor[] s;
    private final Tensor[] y;
    private final double[] rho;
    private final double[] alpha;
    private int count;
    private int newest = -1;
    private double gamma = 1;

    LbfgsHistory(int memory, Workspace workspace, Backend backend) {
        this.backend = backend;
        this.s = new Tensor[memory];
        this.y = new Tensor[memory];
        this.rho = new double[memory];
        this.alpha = new double[memory];
        for (int i = 0; i < memory; i++) {
            s[i] = workspace.vector("s" + i);
            y[i] = workspace.vector("y" + i);
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Forgets every pair (a restart from steepest descent). */
    void clear() {
        count = 0;
        newest = -1;
        gamma = 1;
    }

    /**
     * Adds the pair of the step from {@code (x, g)} to {@code (xNext, gNext)}, unless its curvature
     * {@code sᵀy} is not safely positive.
     *
     * @return whether the pair was kept
     */
    boolean add(Tensor x, Tensor xNext, Tensor g, Tensor gNext) {
        int slot = (newest + 1) % s.length;
        Tensor si = s[slot];
        Tensor yi = y[slot];
        backend.copy(xNext, si);
        backend.axpy(-1, x, si);
        backend.copy(gNext, yi);
        backend.axpy(-1, g, yi);
        double sy = backend.dot(si, yi);
        double yy = backend.dot(yi, yi);
        if (!(sy > CURVATURE_EPS * yy) || !Double.isFinite(sy) || !Double.isFinite(yy)) {
            return false;
        }
        rho[slot] = 1 / sy;
        gamma = sy / yy;
        newest = slot;
        count = Math.min(count + 1, s.length);
        return true;
    }

    /** {@code d ← −H·g} by the two-loop recursion; {@code d = −g} while the history is empty. */
    void direction(Tensor g, Tensor d) {
        backend.copy(g, d);
        int m = s.length;
        for (int k = 0; k < count; k++) { // newest to oldest
            int i = Math.floorMod(newest - k, m);
            alpha[i] = rho[i] * backend.dot(s[i], d);
            backend.axpy(-alpha[i], y[i], d);
        }
        backend.scale(-gamma, d); // −H₀·q, and the sign of the second loop's terms flips with it
        for (int k = count - 1; k >= 0; k--) { // oldest to newest
            int i = Math.floorMod(newest - k, m);
            double beta = rho[i] * backend.dot(y[i], d); // = −ρ yᵀr for r = −d
            backend.axpy(-(alpha[i] + beta), s[i], d);
        }
    }
}

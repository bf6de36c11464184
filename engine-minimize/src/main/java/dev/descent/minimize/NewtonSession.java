package dev.descent.minimize;

import dev.descent.objective.FiniteDifferenceCurvature;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * The state of one {@link Newton} run between iterations: on top of what every {@link
 * LineSearchSession} holds, the dense Hessian and its shifted Cholesky factor on the host, and the
 * vectors that build the Hessian column by column. The direction solves {@code (∇²f + τI)p = −∇f};
 * the search is the backtracking Armijo search from α = 1; there is no fallback (a failed search
 * ends the run) and nothing to update.
 */
final class NewtonSession extends LineSearchSession {

    private final Newton method;
    private final int n;
    private final double[] hessian;
    private final double[] column;
    private final double[] unit;
    private final double[] rhs;
    private final double[] step;
    private final ShiftedCholesky cholesky;
    private final Tensor d;
    private final Tensor e;
    private final Tensor he;

    NewtonSession(Newton method, Objective objective, Tensor x, boolean recordTrajectory, Workspace ws) {
        super(method, method.lineSearch(), objective, x, recordTrajectory, ws);
        this.method = method;
        this.n = objective.dimension();
        hessian = new double[Math.multiplyExact(n, n)];
        column = new double[n];
        unit = new double[n];
        rhs = new double[n];
        step = new double[n];
        cholesky = new ShiftedCholesky(n);
        d = ws.vector("direction");
        e = ws.vector("unit vector");
        he = ws.vector("Hessian column");
    }

    /** Builds ∇²f at the iterate from n Hessian-vector products, symmetrizes it and solves for the step. */
    @Override
    Tensor direction() {
        for (int j = 0; j < n; j++) {
            unit[j] = 1;
            e.copyFrom(unit);
            unit[j] = 0;
            hessianColumn(e, he);
            he.copyTo(column);
            for (int i = 0; i < n; i++) {
                hessian[i * n + j] = column[i];
            }
        }
        symmetrize(hessian, n);
        g.copyTo(rhs);
        for (int i = 0; i < n; i++) {
            rhs[i] = -rhs[i];
        }
        cholesky.solve(hessian, rhs, step);
        d.copyFrom(step);
        slope = b.dot(g, d);
        return d;
    }

    @Override
    String failureContext() {
        return " (Hessian shift τ = " + Run.fmt(cholesky.shift()) + ")";
    }

    private void hessianColumn(Tensor unitVector, Tensor out) {
        if (method.finiteDifferenceHessian()) {
            run.countCurvatureProduct();
            FiniteDifferenceCurvature.hessianVector(run.objective, current, unitVector, out);
        } else {
            run.hessianVector(current, unitVector, out);
        }
    }

    /** {@code H ← (H + Hᵀ)/2}: finite differences and rounding leave H slightly asymmetric. */
    private static void symmetrize(double[] h, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double mean = 0.5 * (h[i * n + j] + h[j * n + i]);
                h[i * n + j] = mean;
                h[j * n + i] = mean;
            }
        }
    }
}

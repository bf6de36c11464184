package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.FiniteDifferenceCurvature;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * Newton's method with a dense Hessian (Nocedal &amp; Wright, 2nd ed., §3.4): each iteration builds
 * {@code ∇²f(x)} column by column from n Hessian-vector products with the unit vectors (exact ones
 * when the objective has them, else — or when {@code finiteDifferenceHessian} — central differences
 * of gradients), symmetrizes it, solves {@code (∇²f + τI)p = −∇f} by Cholesky with the smallest
 * shift τ ≥ 0 that makes the matrix positive definite ({@link ShiftedCholesky}), and backtracks
 * from α = 1. On a strictly convex quadratic the first step lands on the minimizer.
 *
 * <p>The Hessian and its factor are {@code n×n} {@code double[]} arrays on the host (so n is limited
 * to {@value #MAX_DIMENSION}); the gradient and step are copied to and from the host once per
 * iteration.
 *
 * @param lineSearch the backtracking Armijo search (c1 = 1e-4, halving)
 * @param finiteDifferenceHessian use central differences of gradients even when the objective has
 *     exact Hessian-vector products
 * @param stopping when to stop
 */
public record Newton(BacktrackingArmijo lineSearch, boolean finiteDifferenceHessian, Stopping stopping)
        implements Minimizer {

    /** The largest n: the Hessian and its factor take 16n² bytes and O(n³) work per iteration. */
    public static final int MAX_DIMENSION = 4096;

    /** Backtracking Armijo defaults, exact Hessian products where available, SciPy's stopping. */
    public static Newton defaults() {
        return new Newton(BacktrackingArmijo.defaults(), false, Stopping.defaults());
    }

    public Newton withLineSearch(BacktrackingArmijo lineSearch) {
        return new Newton(lineSearch, finiteDifferenceHessian, stopping);
    }

    public Newton withFiniteDifferenceHessian(boolean finiteDifferenceHessian) {
        return new Newton(lineSearch, finiteDifferenceHessian, stopping);
    }

    @Override
    public Newton withStopping(Stopping stopping) {
        return new Newton(lineSearch, finiteDifferenceHessian, stopping);
    }

    @Override
    public String name() {
        return "newton";
    }

    @Override
    public MinimizeResult minimize(Objective objective, Tensor x, boolean recordTrajectory) {
        int n = objective.dimension();
        if (n > MAX_DIMENSION) {
            throw new IllegalArgumentException("newton builds a dense n×n Hessian: n = " + n + " is above the limit "
                    + MAX_DIMENSION + "; use hf or lbfgs");
        }
        Run run = new Run(name(), objective, x, stopping, recordTrajectory);
        Backend b = run.backend;
        double[] hessian = new double[Math.multiplyExact(n, n)];
        double[] column = new double[n];
        double[] unit = new double[n];
        double[] rhs = new double[n];
        double[] step = new double[n];
        ShiftedCholesky cholesky = new ShiftedCholesky(n);
        try (Workspace ws = new Workspace(name(), x)) {
            Tensor g = ws.vector("gradient");
            Tensor d = ws.vector("direction");
            Tensor e = ws.vector("unit vector");
            Tensor he = ws.vector("Hessian column");
            Tensor trial = ws.vector("trial");
            Tensor trialGradient = ws.vector("trial gradient");
            double f = run.evaluate(x, g);
            run.record(f, x);
            int k = 0;
            Run.Stop stop;
            while ((stop = run.check(k, f, g)) == null) {
                for (int j = 0; j < n; j++) {
                    unit[j] = 1;
                    e.copyFrom(unit);
                    unit[j] = 0;
                    hessianColumn(run, x, e, he);
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
                double slope = b.vectorOps().dot(g, d);
                Line line = new Line(run, x, d, trial, trialGradient);
                LineSearchResult found = lineSearch.search(line, f, slope, 1);
                if (!found.accepted()) {
                    return run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail()
                            + " (Hessian shift τ = " + Run.fmt(cholesky.shift()) + ")");
                }
                LinePoint accepted = line.settle(found.point());
                b.vectorOps().copy(trial, x);
                b.vectorOps().copy(trialGradient, g);
                f = accepted.value();
                k++;
                run.record(f, x);
            }
            return run.finish(k, f, g, stop);
        }
    }

    private void hessianColumn(Run run, Tensor x, Tensor e, Tensor out) {
        if (finiteDifferenceHessian) {
            run.countCurvatureProduct();
            FiniteDifferenceCurvature.hessianVector(run.objective, x, e, out);
        } else {
            run.hessianVector(x, e, out);
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

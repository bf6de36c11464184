package dev.descent.minimize;

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

    /** SciPy's Newton-CG default: {@code 200·n}. */
    @Override
    public int defaultMaxIterations(int n) {
        return Minimizer.perDimension(200, n);
    }

    /** {@inheritDoc} Also if n is above {@link #MAX_DIMENSION}. */
    @Override
    public MinimizerSession start(Objective objective, Tensor x, boolean recordTrajectory) {
        int n = objective.dimension();
        if (n > MAX_DIMENSION) {
            throw new IllegalArgumentException("newton builds a dense n×n Hessian: n = " + n + " is above the limit "
                    + MAX_DIMENSION + "; use hf or lbfgs");
        }
        return IterationSession.open(this, x, ws -> new NewtonSession(this, objective, x, recordTrajectory, ws));
    }
}

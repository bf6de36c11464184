package dev.descent.minimize;

/**
 * When a minimizer stops, besides failures. Tests, in the order they are checked at every iterate:
 * a non-finite value or gradient; {@code ‖∇f‖∞ ≤ gtol} (SciPy's {@code gtol}, default 1e-5);
 * {@code ‖∇f(xₖ)‖₂ ≤ relativeTolerance·‖∇f(x₀)‖₂} for {@code k ≥ 1} (Haykin's
 * {@code ‖r(n)‖ ≤ ε‖r(0)‖}, Neural Networks and Learning Machines, 3rd ed., ch. 4; 0, the default, turns
 * it off); the relative reduction of the value,
 * {@code (fₖ₋₁ − fₖ) / max(|fₖ₋₁|, |fₖ|, 1) ≤ ftol} for {@code k ≥ 1} (SciPy L-BFGS-B's {@code ftol} test,
 * {@code factr·εₘ}; 0 turns it off, the default except for {@link Lbfgs#defaults()}, which uses
 * L-BFGS-B's {@link #LBFGSB_FTOL}); {@code k ≥ maxIterations}.
 *
 * <p>The iteration limit defaults to the method's own ({@link #METHOD_DEFAULT}): SciPy's default for
 * the same method where SciPy has one, {@code 200·n} for nonlinear CG, BFGS and Newton (SciPy's CG,
 * BFGS and Newton-CG), {@code 10·n} for linear CG ({@code scipy.sparse.linalg.cg}), and L-BFGS-B's
 * 15 000 for L-BFGS and Hessian-free (see {@link Minimizer#defaultMaxIterations}).
 *
 * <p>The value-reduction test can end a run where the gradient is still far from {@code gtol} (on
 * Wood's function L-BFGS stops at f = 7.877 with {@code ‖g‖∞ = 2e-3}, as SciPy does): the result's
 * {@link MinimizeResult#stopReason()} says which test fired, and {@link
 * MinimizeResult#gradientTestHolds()} whether {@code ‖∇f‖∞ ≤ gtol} holds at the final point anyway.
 *
 * @param gtol absolute tolerance on the gradient's ∞-norm, ≥ 0
 * @param maxIterations iteration limit, ≥ 0, or {@link #METHOD_DEFAULT}
 * @param relativeTolerance ε of the relative residual test, ≥ 0 (0 = off)
 * @param ftol tolerance of the relative value-reduction test, ≥ 0 (0 = off)
 */
public record Stopping(double gtol, int maxIterations, double relativeTolerance, double ftol) {

    /** SciPy's default {@code gtol}. */
    public static final double DEFAULT_GTOL = 1e-5;

    /**
     * The iteration limit of a method SciPy has no default for (SciPy's L-BFGS-B {@code maxiter}),
     * used by L-BFGS and Hessian-free.
     */
    public static final int DEFAULT_MAX_ITERATIONS = 15_000;

    /** {@code maxIterations} that leaves the limit to the method: {@link Minimizer#defaultMaxIterations}. */
    public static final int METHOD_DEFAULT = -1;

    /**
     * SciPy's default {@code ftol} of {@code minimize(method='L-BFGS-B')}: {@code factr = 1e7} times the
     * float64 machine epsilon, {@code 2.220446049250313e-09}.
     */
    public static final double LBFGSB_FTOL = 1e7 * 0x1p-52;

    public Stopping {
        if (!(gtol >= 0) || Double.isInfinite(gtol)) {
            throw new IllegalArgumentException("gtol = " + gtol + " is invalid: must be in [0, ∞)");
        }
        if (maxIterations < 0 && maxIterations != METHOD_DEFAULT) {
            throw new IllegalArgumentException("max iterations = " + maxIterations + " is invalid: must be ≥ 0");
        }
        if (!(relativeTolerance >= 0) || Double.isInfinite(relativeTolerance)) {
            throw new IllegalArgumentException("relative tolerance = " + relativeTolerance
                    + " is invalid: must be in [0, ∞)");
        }
        if (!(ftol >= 0) || Double.isInfinite(ftol)) {
            throw new IllegalArgumentException("ftol = " + ftol + " is invalid: must be in [0, ∞)");
        }
    }

    /** gtol 1e-5, the method's own iteration limit, no relative residual or value-reduction test. */
    public static Stopping defaults() {
        return new Stopping(DEFAULT_GTOL, METHOD_DEFAULT, 0, 0);
    }

    public Stopping withGtol(double gtol) {
        return new Stopping(gtol, maxIterations, relativeTolerance, ftol);
    }

    public Stopping withMaxIterations(int maxIterations) {
        return new Stopping(gtol, maxIterations, relativeTolerance, ftol);
    }

    public Stopping withRelativeTolerance(double relativeTolerance) {
        return new Stopping(gtol, maxIterations, relativeTolerance, ftol);
    }

    public Stopping withFtol(double ftol) {
        return new Stopping(gtol, maxIterations, relativeTolerance, ftol);
    }
}

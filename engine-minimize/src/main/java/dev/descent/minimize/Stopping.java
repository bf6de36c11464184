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
 * @param gtol absolute tolerance on the gradient's ∞-norm, ≥ 0
 * @param maxIterations iteration limit, ≥ 0
 * @param relativeTolerance ε of the relative residual test, ≥ 0 (0 = off)
 * @param ftol tolerance of the relative value-reduction test, ≥ 0 (0 = off)
 */
public record Stopping(double gtol, int maxIterations, double relativeTolerance, double ftol) {

    /** SciPy's default {@code gtol}. */
    public static final double DEFAULT_GTOL = 1e-5;

    /** The default iteration limit (SciPy's L-BFGS-B {@code maxiter}). */
    public static final int DEFAULT_MAX_ITERATIONS = 15_000;

    /**
     * SciPy's default {@code ftol} of {@code minimize(method='L-BFGS-B')}: {@code factr = 1e7} times the
     * float64 machine epsilon, {@code 2.220446049250313e-09}.
     */
    public static final double LBFGSB_FTOL = 1e7 * 0x1p-52;

    public Stopping {
        if (!(gtol >= 0) || Double.isInfinite(gtol)) {
            throw new IllegalArgumentException("gtol = " + gtol + " is invalid: must be in [0, ∞)");
        }
        if (maxIterations < 0) {
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

    /** gtol 1e-5, 15 000 iterations, no relative residual or value-reduction test. */
    public static Stopping defaults() {
        return new Stopping(DEFAULT_GTOL, DEFAULT_MAX_ITERATIONS, 0, 0);
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

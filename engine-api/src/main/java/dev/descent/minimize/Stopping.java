package dev.descent.minimize;

/**
 * When a minimizer stops, besides failures. Tests, in the order they are checked at every iterate:
 * a non-finite value or gradient; {@code ‖∇f‖∞ ≤ gtol} (SciPy's {@code gtol}, default 1e-5);
 * {@code ‖∇f(xₖ)‖₂ ≤ relativeTolerance·‖∇f(x₀)‖₂} for {@code k ≥ 1} (the course's
 * {@code ‖r(n)‖ ≤ ε‖r(0)‖}; 0, the default, turns it off); {@code k ≥ maxIterations}.
 *
 * @param gtol absolute tolerance on the gradient's ∞-norm, ≥ 0
 * @param maxIterations iteration limit, ≥ 0
 * @param relativeTolerance ε of the relative residual test, ≥ 0 (0 = off)
 */
public record Stopping(double gtol, int maxIterations, double relativeTolerance) {

    /** SciPy's default {@code gtol}. */
    public static final double DEFAULT_GTOL = 1e-5;

    /** The default iteration limit (SciPy's L-BFGS-B {@code maxiter}). */
    public static final int DEFAULT_MAX_ITERATIONS = 15_000;

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
    }

    /** gtol 1e-5, 15 000 iterations, no relative test. */
    public static Stopping defaults() {
        return new Stopping(DEFAULT_GTOL, DEFAULT_MAX_ITERATIONS, 0);
    }

    public Stopping withGtol(double gtol) {
        return new Stopping(gtol, maxIterations, relativeTolerance);
    }

    public Stopping withMaxIterations(int maxIterations) {
        return new Stopping(gtol, maxIterations, relativeTolerance);
    }

    public Stopping withRelativeTolerance(double relativeTolerance) {
        return new Stopping(gtol, maxIterations, relativeTolerance);
    }
}

package dev.descent.minimize;

/** Why a minimizer stopped. */
public enum StopReason {
    /** {@code ‖∇f‖∞ ≤ gtol}: converged (SciPy's test). */
    GRADIENT_TOLERANCE(true),
    /**
     * {@code ‖∇f(xₖ)‖₂ ≤ ε·‖∇f(x₀)‖₂}, the relative residual test {@code ‖r(n)‖ ≤ ε‖r(0)‖} of
     * Haykin's nonlinear conjugate-gradient algorithm (Neural Networks and Learning Machines, 3rd ed.,
     * ch. 4): converged.
     */
    RELATIVE_RESIDUAL(true),
    /**
     * {@code (fₖ₋₁ − fₖ)/max(|fₖ₋₁|, |fₖ|, 1) ≤ ftol}: the value stopped decreasing, converged (SciPy
     * L-BFGS-B's {@code REL_REDUCTION_OF_F_<=_FACTR*EPSMCH}).
     */
    VALUE_REDUCTION(true),
    /** The iteration limit was reached first. */
    ITERATION_LIMIT(false),
    /** Mini-batch training ran all the epochs it was given: its normal end, but not a convergence test. */
    EPOCHS_DONE(false),
    /** A line search found no acceptable step, also from steepest descent; the detail says why. */
    LINE_SEARCH_FAILED(false),
    /** Linear CG met a direction {@code d} with {@code dᵀAd ≤ 0}: the matrix is not positive definite. */
    NEGATIVE_CURVATURE(false),
    /** The objective's value or gradient became NaN or infinite. */
    NON_FINITE(false);

    private final boolean converged;

    StopReason(boolean converged) {
        this.converged = converged;
    }

    /** Whether this reason is a convergence test (rather than a limit or a failure). */
    public boolean converged() {
        return converged;
    }

    /** The lower-case, hyphenated name used in JSON and on the command line ({@code gradient-tolerance}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

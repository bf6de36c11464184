package dev.descent.minimize;

import java.util.Optional;

/**
 * The outcome of a {@link Minimizer} run. The final point is in the caller's tensor.
 *
 * @param method the minimizer's name ({@code lbfgs}, {@code ncg-pr}, ...)
 * @param iterations iterations taken (steps, or CG steps for linear CG)
 * @param functionEvaluations evaluations of f (each also gives the gradient; SciPy's {@code nfev})
 * @param gradientEvaluations evaluations of ∇f (SciPy's {@code njev})
 * @param curvatureProducts Hessian- or Gauss–Newton-vector products (a finite-difference one
 *     costs two more gradients, not counted above)
 * @param value the final value f
 * @param gradientNorm the final {@code ‖∇f‖∞}
 * @param stopReason which test stopped the run
 * @param stopDetail the numbers behind it, or a line search's reason for failing
 * @param gradientTestHolds whether {@code ‖∇f‖∞ ≤ gtol} at the final point, whichever test stopped
 *     the run: a value-reduction stop ({@link StopReason#VALUE_REDUCTION}, SciPy L-BFGS-B's) can end
 *     a run that is converged by that test but not by the gradient's
 * @param seconds wall time of the run
 * @param trajectory the path, if requested
 */
public record MinimizeResult(String method, int iterations, long functionEvaluations, long gradientEvaluations,
        long curvatureProducts, double value, double gradientNorm, StopReason stopReason, String stopDetail,
        boolean gradientTestHolds, double seconds, Optional<Trajectory> trajectory) {

    /**
     * Whether the run stopped on a convergence test: the gradient test, the relative residual test or
     * the value-reduction test. The last can fire far from a stationary point (as in SciPy's
     * L-BFGS-B); {@link #gradientTestHolds()} tells whether the gradient is within {@code gtol} too.
     */
    public boolean converged() {
        return stopReason.converged();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%s: %s after %d iterations (%d f, %d g, %d curvature products), f = %.6g, ‖g‖∞ = %.3g%s, %.3f s: %s",
                method, stopReason.label(), iterations, functionEvaluations, gradientEvaluations, curvatureProducts,
                value, gradientNorm, gradientTestHolds ? "" : " (above gtol)", seconds, stopDetail);
    }
}

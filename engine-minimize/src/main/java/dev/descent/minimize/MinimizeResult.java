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
 * @param seconds wall time of the run
 * @param trajectory the path, if requested
 */
public record MinimizeResult(String method, int iterations, long functionEvaluations, long gradientEvaluations,
        long curvatureProducts, double value, double gradientNorm, StopReason stopReason, String stopDetail,
        double seconds, Optional<Trajectory> trajectory) {

    /** Whether the run stopped on a convergence test. */
    public boolean converged() {
        return stopReason.converged();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%s: %s after %d iterations (%d f, %d g, %d curvature products), f = %.6g, ‖g‖∞ = %.3g, %.3f s: %s",
                method, stopReason.label(), iterations, functionEvaluations, gradientEvaluations, curvatureProducts,
                value, gradientNorm, seconds, stopDetail);
    }
}

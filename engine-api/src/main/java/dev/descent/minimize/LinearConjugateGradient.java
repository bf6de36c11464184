package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * Linear conjugate gradients (Hestenes &amp; Stiefel 1952; Nocedal &amp; Wright, 2nd ed., Alg. 5.2) for a
 * quadratic objective {@code f(x) = ½xᵀAx − bᵀx} with A symmetric positive definite: it solves
 * {@code Ax = b}, exactly in at most n steps in exact arithmetic (N&amp;W Thm. 5.1). A is applied
 * through {@link Objective#hessianVectorProduct} at the current x, and the residual
 * {@code r = −∇f} is updated by recurrence, so one gradient evaluation starts the run, one more
 * reports the final value and gradient, and each iteration costs one Hessian-vector product. The
 * per-iteration values of the trajectory follow the recurrence {@code fₖ₊₁ = fₖ − ½αₖ·rₖᵀrₖ}.
 *
 * <p>On an objective that is not quadratic this is one Newton–CG step computed with the curvature
 * at the moving x, not a minimizer. A direction with {@code dᵀAd ≤ 0} stops the run with {@link
 * StopReason#NEGATIVE_CURVATURE}. The stopping tests apply to the recurrence's residual; the result
 * reports the evaluated gradient, and the stop detail says so when the two differ.
 *
 * <p>In floating point the N-step termination holds only approximately: rounding destroys the
 * conjugacy of the directions, and with a wide spread of eigenvalues the delay is large (on
 * {@code diag(logspace(0, 4, 50))} from x0 = 1, about 3N steps to {@code ‖g‖∞ ≤ 1e-5}, in float64
 * as in numpy and even in 80-bit arithmetic; Greenbaum, Iterative Methods for Solving Linear
 * Systems, 1997, ch. 4).
 *
 * @param stopping when to stop
 */
public record LinearConjugateGradient(Stopping stopping) implements Minimizer {

    /** SciPy's stopping. */
    public static LinearConjugateGradient defaults() {
        return new LinearConjugateGradient(Stopping.defaults());
    }

    @Override
    public LinearConjugateGradient withStopping(Stopping stopping) {
        return new LinearConjugateGradient(stopping);
    }

    @Override
    public String name() {
        return "cg";
    }

    @Override
    public MinimizeResult minimize(Objective objective, Tensor x, boolean recordTrajectory) {
        Run run = new Run(name(), objective, x, stopping, recordTrajectory);
        Backend b = run.backend;
        try (Workspace ws = new Workspace(name(), x)) {
            Tensor g = ws.vector("gradient"); // holds −r
            Tensor d = ws.vector("direction");
            Tensor ad = ws.vector("A·direction");
            double f = run.evaluate(x, g);
            run.record(f, x);
            b.copy(g, d);
            b.scale(-1, d);
            double rr = b.dot(g, g);
            int k = 0;
            Run.Stop stop;
            while ((stop = run.check(k, f, g)) == null) {
                run.hessianVector(x, d, ad);
                double curvature = b.dot(d, ad);
                if (!(curvature > 0)) {
                    stop = new Run.Stop(StopReason.NEGATIVE_CURVATURE, "dᵀAd = " + Run.fmt(curvature)
                            + " ≤ 0 at iteration " + k + ": the matrix is not positive definite");
                    break;
                }
                double alpha = rr / curvature;
                b.axpy(alpha, d, x);
                b.axpy(alpha, ad, g); // −r ← −r + α·Ad
                double rrNext = b.dot(g, g);
                b.scale(rrNext / rr, d);
                b.axpy(-1, g, d);
                f -= 0.5 * alpha * rr;
                rr = rrNext;
                k++;
                run.record(f, x);
            }
            double residual = b.maxAbs(g);
            double value = run.evaluate(x, g);
            double evaluated = b.maxAbs(g);
            String detail = evaluated == residual ? stop.detail()
                    : stop.detail() + " (recurrence residual; the evaluated gradient has ‖g‖∞ = " + Run.fmt(evaluated) + ")";
            return run.finish(k, value, g, stop.reason(), detail);
        }
    }
}

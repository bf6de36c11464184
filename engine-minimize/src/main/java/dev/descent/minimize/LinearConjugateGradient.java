package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Linear conjugate gradients (Hestenes &amp; Stiefel 1952; Nocedal &amp; Wright, 2nd ed., Alg. 5.2) for a
 * quadratic objective {@code f(x) = ½xᵀAx − bᵀx} with A symmetric positive definite: it solves
 * {@code Ax = b}, exactly in at most n steps in exact arithmetic (N&amp;W Thm. 5.1). A is applied
 * through {@link Objective#hessianVectorProduct} at the current x, and the residual
 * {@code r = −∇f} is updated by recurrence, so one gradient evaluation starts the run, one more
 * reports the final value and gradient, and each iteration costs one Hessian-vector product. The
 * per-iteration values of the trajectory follow the recurrence {@code fₖ₊₁ = fₖ − ½αₖ·rₖᵀrₖ}.
 *
 * <p>In floating point plain CG loses the orthogonality of its residuals, and with it the n-step
 * termination: on the default quadratic {@code diag(logspace(0, 4, N))} from x0 = 1 it needs about
 * 3N steps to {@code ‖g‖∞ ≤ 1e-5} at N = 50, in float64 as in numpy (Greenbaum, Iterative Methods
 * for Solving Linear Systems, 1997, ch. 4). So each new residual is re-orthogonalized by modified
 * Gram–Schmidt against the normalized earlier ones before β and the next direction are formed:
 * CG is then Lanczos with full reorthogonalization, whose residuals stay orthogonal to rounding, and
 * the run terminates in at most n steps again (on that quadratic, at most N for every N = 2…50; see
 * {@link Reorthogonalization}). Iteration k costs O(k·n) more work and the stored residuals
 * O(n²) memory, so {@link Reorthogonalization#AUTO} turns it on only for
 * {@code n ≤} {@value Reorthogonalization#AUTO_MAX_DIMENSION}. All of it is backend vector work.
 *
 * <p>On an objective that is not quadratic this is one Newton–CG step computed with the curvature
 * at the moving x, not a minimizer. A direction with {@code dᵀAd ≤ 0} stops the run with {@link
 * StopReason#NEGATIVE_CURVATURE}. The stopping tests apply to the recurrence's residual; the result
 * reports the evaluated gradient, and the stop detail says so when the two differ.
 *
 * @param reorthogonalization whether residuals are re-orthogonalized ({@link Reorthogonalization#AUTO})
 * @param stopping when to stop
 */
public record LinearConjugateGradient(Reorthogonalization reorthogonalization, Stopping stopping)
        implements Minimizer {

    public LinearConjugateGradient {
        if (reorthogonalization == null) {
            throw new IllegalArgumentException("reorthogonalization must be given (auto, on or off)");
        }
        if (stopping == null) {
            throw new IllegalArgumentException("stopping must be given");
        }
    }

    /** Automatic reorthogonalization with {@code stopping}. */
    public LinearConjugateGradient(Stopping stopping) {
        this(Reorthogonalization.AUTO, stopping);
    }

    /** Automatic reorthogonalization, SciPy's stopping. */
    public static LinearConjugateGradient defaults() {
        return new LinearConjugateGradient(Reorthogonalization.AUTO, Stopping.defaults());
    }

    public LinearConjugateGradient withReorthogonalization(Reorthogonalization reorthogonalization) {
        return new LinearConjugateGradient(reorthogonalization, stopping);
    }

    @Override
    public LinearConjugateGradient withStopping(Stopping stopping) {
        return new LinearConjugateGradient(reorthogonalization, stopping);
    }

    @Override
    public String name() {
        return "cg";
    }

    @Override
    public MinimizeResult minimize(Objective objective, Tensor x, boolean recordTrajectory) {
        Run run = new Run(name(), objective, x, stopping, recordTrajectory);
        Backend b = run.backend;
        int n = objective.dimension();
        try (Workspace ws = new Workspace(name(), x)) {
            Tensor g = ws.vector("gradient"); // holds −r
            Tensor d = ws.vector("direction");
            Tensor ad = ws.vector("A·direction");
            List<Tensor> basis = reorthogonalization.appliesTo(n) ? new ArrayList<>() : null;
            double f = run.evaluate(x, g);
            run.record(f, x);
            b.vectorOps().copy(g, d);
            b.vectorOps().scale(-1, d);
            double rr = b.vectorOps().dot(g, g);
            keep(basis, n, g, rr, ws, b);
            int k = 0;
            Run.Stop stop;
            while ((stop = run.check(k, f, g)) == null) {
                run.hessianVector(x, d, ad);
                double curvature = b.vectorOps().dot(d, ad);
                if (!(curvature > 0)) {
                    stop = new Run.Stop(StopReason.NEGATIVE_CURVATURE, "dᵀAd = " + Run.fmt(curvature)
                            + " ≤ 0 at iteration " + k + ": the matrix is not positive definite");
                    break;
                }
                double alpha = rr / curvature;
                b.vectorOps().axpy(alpha, d, x);
                b.vectorOps().axpy(alpha, ad, g); // −r ← −r + α·Ad
                if (basis != null) {
                    for (Tensor q : basis) { // modified Gram–Schmidt: one projection at a time
                        b.vectorOps().axpy(-b.vectorOps().dot(q, g), q, g);
                    }
                }
                double rrNext = b.vectorOps().dot(g, g);
                b.vectorOps().scale(rrNext / rr, d);
                b.vectorOps().axpy(-1, g, d);
                f -= 0.5 * alpha * rr;
                rr = rrNext;
                k++;
                keep(basis, n, g, rr, ws, b);
                run.record(f, x);
            }
            double residual = b.vectorOps().maxAbs(g);
            double value = run.evaluate(x, g);
            double evaluated = b.vectorOps().maxAbs(g);
            String detail = evaluated == residual ? stop.detail()
                    : stop.detail() + " (recurrence residual; the evaluated gradient has ‖g‖∞ = " + Run.fmt(evaluated) + ")";
            return run.finish(k, value, g, stop.reason(), detail);
        }
    }

    /**
     * Appends the normalized residual {@code g/‖g‖₂} to the basis, if one is kept. At most n are kept:
     * n orthonormal vectors span ℝⁿ, and a residual orthogonal to all of them is rounding (a zero
     * residual is not kept either: the stopping test ends the run on it).
     */
    private static void keep(List<Tensor> basis, int n, Tensor g, double rr, Workspace ws, Backend b) {
        if (basis == null || basis.size() >= n || !(rr > 0) || Double.isInfinite(rr)) {
            return;
        }
        Tensor q = ws.vector("residual " + basis.size());
        b.vectorOps().copy(g, q);
        b.vectorOps().scale(1 / Math.sqrt(rr), q);
        basis.add(q);
    }
}

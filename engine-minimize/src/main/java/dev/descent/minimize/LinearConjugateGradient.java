package dev.descent.minimize;

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

    /** {@code scipy.sparse.linalg.cg}'s default: {@code 10·n}. */
    @Override
    public int defaultMaxIterations(int n) {
        return Minimizer.perDimension(10, n);
    }

    @Override
    public MinimizerSession start(Objective objective, Tensor x, boolean recordTrajectory) {
        return IterationSession.open(this, x,
                ws -> new LinearConjugateGradientSession(this, objective, x, recordTrajectory, ws));
    }
}

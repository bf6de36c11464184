package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of one {@link LinearConjugateGradient} run between iterations: on top of what every
 * {@link IterationSession} holds, the conjugate direction d, {@code A·d}, {@code rᵀr} and the
 * normalized residuals kept for reorthogonalization. The gradient vector holds {@code −r}, updated by
 * recurrence. In the terms of the skeleton: the direction is the conjugate one, the "line search" is
 * the exact minimizer {@code α = rᵀr / dᵀAd} along it, which needs {@code dᵀAd > 0} (else the run
 * ends with {@link StopReason#NEGATIVE_CURVATURE}: there is no fallback), and the update forms the
 * next residual and direction.
 */
final class LinearConjugateGradientSession extends IterationSession {

    private final int n;
    private final Tensor d;
    private final Tensor ad;
    private final List<Tensor> basis; // null without reorthogonalization
    private double rr;

    LinearConjugateGradientSession(LinearConjugateGradient method, Objective objective, Tensor x,
            boolean recordTrajectory, Workspace ws) {
        super(method, objective, x, recordTrajectory, ws);
        n = objective.dimension();
        Tensor gradient = ws.vector("gradient"); // holds −r
        d = ws.vector("direction");
        ad = ws.vector("A·direction");
        basis = method.reorthogonalization().appliesTo(n) ? new ArrayList<>() : null;
        begin(x, gradient);
        b.copy(g, d);
        b.scale(-1, d);
        rr = b.dot(g, g);
        keep();
    }

    @Override
    Optional<MinimizeResult> iterate() {
        run.hessianVector(current, d, ad);
        double curvature = b.dot(d, ad);
        if (!(curvature > 0)) {
            return finish(stopped(new Run.Stop(StopReason.NEGATIVE_CURVATURE, "dᵀAd = " + Run.fmt(curvature)
                    + " ≤ 0 at iteration " + k + ": the matrix is not positive definite")));
        }
        double alpha = rr / curvature;
        b.axpy(alpha, d, current);
        b.axpy(alpha, ad, g); // −r ← −r + α·Ad
        if (basis != null) {
            for (Tensor q : basis) { // modified Gram–Schmidt: one projection at a time
                b.axpy(-b.dot(q, g), q, g);
            }
        }
        double rrNext = b.dot(g, g);
        b.scale(rrNext / rr, d);
        b.axpy(-1, g, d);
        f -= 0.5 * alpha * rr;
        rr = rrNext;
        keep();
        return moved();
    }

    /**
     * Evaluates f and ∇f at the final point: the stopping tests saw the recurrence's residual, the
     * result reports the evaluated gradient, and the detail says so when the two differ.
     */
    @Override
    MinimizeResult stopped(Run.Stop stop) {
        double residual = b.maxAbs(g);
        f = run.evaluate(current, g);
        double evaluated = b.maxAbs(g);
        String detail = evaluated == residual ? stop.detail()
                : stop.detail() + " (recurrence residual; the evaluated gradient has ‖g‖∞ = " + Run.fmt(evaluated) + ")";
        return run.finish(k, f, g, stop.reason(), detail);
    }

    /**
     * Appends the normalized residual {@code g/‖g‖₂} to the basis, if one is kept. At most n are kept:
     * n orthonormal vectors span ℝⁿ, and a residual orthogonal to all of them is rounding (a zero
     * residual is not kept either: the stopping test ends the run on it).
     */
    private void keep() {
        if (basis == null || basis.size() >= n || !(rr > 0) || Double.isInfinite(rr)) {
            return;
        }
        Tensor q = ws.vector("residual " + basis.size());
        b.copy(g, q);
        b.scale(1 / Math.sqrt(rr), q);
        basis.add(q);
    }
}

package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * The state of one {@link NonlinearConjugateGradient} run between iterations: on top of what every
 * {@link LineSearchSession} holds, the direction and its slope {@code gᵀd}, {@code ‖g‖²}, the previous
 * value (for the initial step) and the restart bookkeeping.
 *
 * <p>Passes over the vectors per iteration, besides the line search's trials: one {@code dots} call
 * for {@code gₖ₊₁ᵀgₖ₊₁} and {@code gₖ₊₁ᵀgₖ} together (each gradient read once; {@code gₖ₊₁ᵀgₖ} only
 * when β or Powell's test needs it) and one {@code linearCombination} for {@code dₖ₊₁ = −gₖ₊₁ +
 * β·dₖ}. The next slope needs no pass: {@code gₖ₊₁ᵀdₖ₊₁ = −gₖ₊₁ᵀgₖ₊₁ + β·gₖ₊₁ᵀdₖ}, and the line
 * search has just computed {@code gₖ₊₁ᵀdₖ} as the slope of the accepted step.
 */
final class NonlinearConjugateGradientSession extends LineSearchSession {

    private final NonlinearConjugateGradient method;
    private final int period;
    private final boolean needsNewOld;
    private final Tensor d;
    private final double[] products = new double[2];
    private double gg;
    private double previousF = Double.NaN;
    private boolean steepest;
    private int sinceRestart;

    NonlinearConjugateGradientSession(NonlinearConjugateGradient method, Objective objective, Tensor x,
            boolean recordTrajectory, Workspace ws) {
        super(method, method.lineSearch(), objective, x, recordTrajectory, ws);
        this.method = method;
        this.period = method.restartEvery() == 0 ? Integer.MAX_VALUE : method.restartEvery();
        this.needsNewOld = method.formula().usesPreviousGradient() || method.orthogonalityRestart() > 0;
        d = ws.vector("direction");
        gg = b.dot(g, g);
        steepestDescent(g);
    }

    @Override
    Tensor direction() {
        return d;
    }

    /** {@code min(1, 1/‖g₀‖₂)} at first, then N&amp;W eq. 3.60. */
    @Override
    double initialStep() {
        return Double.isNaN(previousF) ? Math.min(1, 1 / Math.sqrt(gg)) : initialStep(f, previousF, slope);
    }

    /** Retries along steepest descent, unless it was steepest descent already. */
    @Override
    boolean fallBack() {
        if (steepest) {
            return false;
        }
        steepestDescent(g);
        return true;
    }

    /** β, the restart tests and the next direction, from the accepted point's gradient {@code gₖ₊₁}. */
    @Override
    void update(LinePoint accepted) {
        Tensor gNext = trialGradient;
        b.dots(new Tensor[] {gNext}, needsNewOld ? new Tensor[] {gNext, g} : new Tensor[] {gNext}, products);
        double newNew = products[0];
        double newOld = needsNewOld ? products[1] : Double.NaN;
        double beta = method.formula().beta(newNew, newOld, gg, accepted.slope(), slope);
        sinceRestart++;
        double nu = method.orthogonalityRestart();
        double nextSlope = -newNew + beta * accepted.slope(); // gₖ₊₁ᵀ(−gₖ₊₁ + β·dₖ)
        boolean restart = sinceRestart >= period || !Double.isFinite(beta)
                || (nu > 0 && Math.abs(newOld) >= nu * newNew)
                || !(nextSlope < 0); // not downhill
        previousF = f;
        gg = newNew;
        if (restart) {
            steepestDescent(gNext);
        } else {
            b.linearCombination(new double[] {-1, beta}, new Tensor[] {gNext, d}, d);
            slope = nextSlope;
            steepest = false;
        }
    }

    /** {@code d ← −gradient}, whose slope is {@code −‖gradient‖²} ({@link #gg}); restarts the count. */
    private void steepestDescent(Tensor gradient) {
        b.linearCombination(new double[] {-1}, new Tensor[] {gradient}, d);
        slope = -gg;
        steepest = true;
        sinceRestart = 0;
    }

    /** N&amp;W eq. 3.60: the step that would give the previous decrease again, at most 1. */
    private static double initialStep(double f, double previousF, double slope) {
        double step = 1.01 * 2 * (f - previousF) / slope;
        return step > 0 && Double.isFinite(step) ? Math.min(1, step) : 1;
    }
}

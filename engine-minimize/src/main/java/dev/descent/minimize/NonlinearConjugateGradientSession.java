package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;

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
    private double slope;
    private double previousF = Double.NaN;
    private boolean steepest;
    private int sinceRestart;

    NonlinearConjugateGradientSession(NonlinearConjugateGradient method, Objective objective, Tensor x,
            boolean recordTrajectory) {
        super(method, objective, x, recordTrajectory);
        this.method = method;
        this.period = method.restartEvery() == 0 ? Integer.MAX_VALUE : method.restartEvery();
        this.needsNewOld = method.formula().usesPreviousGradient() || method.orthogonalityRestart() > 0;
        try {
            d = ws.vector("direction");
            gg = b.vectorOps().dot(g, g);
            steepestDescent();
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    @Override
    Optional<MinimizeResult> iterate() {
        while (true) {
            double step = Double.isNaN(previousF) ? Math.min(1, 1 / Math.sqrt(gg)) : initialStep(f, previousF, slope);
            Line line = line(d);
            LineSearchResult found = method.lineSearch().search(line, f, slope, step);
            if (!found.accepted()) {
                if (!steepest) { // retry along steepest descent
                    steepestDescent();
                    continue;
                }
                return finish(run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail()));
            }
            LinePoint accepted = line.settle(found.point());
            Tensor gNext = trialGradient;
            b.vectorOps().dots(new Tensor[] {gNext}, needsNewOld ? new Tensor[] {gNext, g} : new Tensor[] {gNext}, products);
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
            advance(accepted); // g is now gₖ₊₁
            if (restart) {
                steepestDescent();
            } else {
                b.vectorOps().linearCombination(new double[] {-1, beta}, new Tensor[] {g, d}, d);
                slope = nextSlope;
                steepest = false;
            }
            return Optional.empty();
        }
    }

    /** {@code d ← −g} for the current gradient, whose slope is {@code −‖g‖²}; restarts the count. */
    private void steepestDescent() {
        b.vectorOps().linearCombination(new double[] {-1}, new Tensor[] {g}, d);
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

package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;

/**
 * The state of one {@link NonlinearConjugateGradient} run between iterations: on top of what every
 * {@link LineSearchSession} holds, {@code ‖g‖²}, the previous value (for the initial step) and the
 * restart bookkeeping.
 */
final class NonlinearConjugateGradientSession extends LineSearchSession {

    private final NonlinearConjugateGradient method;
    private final int period;
    private double gg;
    private double previousF = Double.NaN;
    private boolean steepest = true;
    private int sinceRestart;

    NonlinearConjugateGradientSession(NonlinearConjugateGradient method, Objective objective, Tensor x,
            boolean recordTrajectory) {
        super(method, objective, x, recordTrajectory);
        this.method = method;
        this.period = method.restartEvery() == 0 ? Integer.MAX_VALUE : method.restartEvery();
        try {
            gg = b.dot(g, g);
            b.copy(g, d);
            b.scale(-1, d);
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    @Override
    Optional<MinimizeResult> iterate() {
        while (true) {
            double slope = b.dot(g, d);
            double step = Double.isNaN(previousF) ? Math.min(1, 1 / Math.sqrt(gg)) : initialStep(f, previousF, slope);
            Line line = line();
            LineSearchResult found = method.lineSearch().search(line, f, slope, step);
            if (!found.accepted()) {
                if (!steepest) { // retry along steepest descent
                    b.copy(g, d);
                    b.scale(-1, d);
                    steepest = true;
                    sinceRestart = 0;
                    continue;
                }
                return finish(run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail()));
            }
            LinePoint accepted = line.settle(found.point());
            double newNew = b.dot(trialGradient, trialGradient);
            double newOld = b.dot(trialGradient, g);
            double beta = method.formula().beta(newNew, newOld, gg, accepted.slope(), slope);
            sinceRestart++;
            double nu = method.orthogonalityRestart();
            boolean restart = sinceRestart >= period || !Double.isFinite(beta)
                    || (nu > 0 && Math.abs(newOld) >= nu * newNew);
            if (!restart) { // d ← −g_new + β·d
                b.scale(beta, d);
                b.axpy(-1, trialGradient, d);
                restart = !(b.dot(trialGradient, d) < 0); // not downhill
            }
            if (restart) {
                b.copy(trialGradient, d);
                b.scale(-1, d);
            }
            steepest = restart;
            if (steepest) {
                sinceRestart = 0;
            }
            previousF = f;
            gg = newNew;
            return advance(accepted);
        }
    }

    /** N&amp;W eq. 3.60: the step that would give the previous decrease again, at most 1. */
    private static double initialStep(double f, double previousF, double slope) {
        double step = 1.01 * 2 * (f - previousF) / slope;
        return step > 0 && Double.isFinite(step) ? Math.min(1, step) : 1;
    }
}

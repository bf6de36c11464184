package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;

/**
 * The state of one {@link NonlinearConjugateGradient} run between iterations: the iterate, its
 * gradient and {@code ‖g‖²}, the direction, the trial point and gradient of the line search, the
 * previous value (for the initial step) and the restart bookkeeping. The iterate and the trial
 * point swap roles after each accepted step.
 */
final class NonlinearConjugateGradientSession implements MinimizerSession {

    private final NonlinearConjugateGradient method;
    private final Run run;
    private final Backend b;
    private final Workspace ws;
    private final Tensor start;
    private final Tensor d;
    private final int period;
    private Tensor current;
    private Tensor g;
    private Tensor trial;
    private Tensor trialGradient;
    private double f;
    private double gg;
    private double previousF = Double.NaN;
    private boolean steepest = true;
    private int sinceRestart;
    private int k;
    private MinimizeResult result;
    private boolean closed;

    NonlinearConjugateGradientSession(NonlinearConjugateGradient method, Objective objective, Tensor x,
            boolean recordTrajectory) {
        this.method = method;
        this.run = new Run(method.name(), objective, x, method.stopping(), recordTrajectory);
        this.b = run.backend;
        this.start = x;
        this.period = method.restartEvery() == 0 ? Integer.MAX_VALUE : method.restartEvery();
        this.ws = new Workspace(method.name(), x);
        try {
            g = ws.vector("gradient");
            d = ws.vector("direction");
            trial = ws.vector("trial");
            trialGradient = ws.vector("trial gradient");
            current = x;
            f = run.evaluate(current, g);
            run.record(f, current);
            gg = b.dot(g, g);
            b.copy(g, d);
            b.scale(-1, d);
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    @Override
    public Optional<MinimizeResult> step() {
        if (closed) {
            throw new IllegalStateException(method.name() + ": the session is closed");
        }
        if (result != null) {
            throw new IllegalStateException(method.name() + ": the run already finished: " + result.stopReason().label());
        }
        Run.Stop stop = run.check(k, f, g);
        if (stop != null) {
            return finish(run.finish(k, f, g, stop));
        }
        while (true) {
            double slope = b.dot(g, d);
            double step = Double.isNaN(previousF) ? Math.min(1, 1 / Math.sqrt(gg)) : initialStep(f, previousF, slope);
            Line line = new Line(run, current, d, trial, trialGradient);
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
            Tensor t = current;
            current = trial;
            trial = t;
            t = g;
            g = trialGradient;
            trialGradient = t;
            previousF = f;
            f = accepted.value();
            gg = newNew;
            k++;
            run.record(f, current);
            return Optional.empty();
        }
    }

    /** N&amp;W eq. 3.60: the step that would give the previous decrease again, at most 1. */
    private static double initialStep(double f, double previousF, double slope) {
        double step = 1.01 * 2 * (f - previousF) / slope;
        return step > 0 && Double.isFinite(step) ? Math.min(1, step) : 1;
    }

    private Optional<MinimizeResult> finish(MinimizeResult finished) {
        result = finished;
        return Optional.of(finished);
    }

    @Override
    public int iterations() {
        return k;
    }

    @Override
    public double value() {
        return f;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (current != start) {
                b.copy(current, start);
            }
        } finally {
            ws.close();
        }
    }
}

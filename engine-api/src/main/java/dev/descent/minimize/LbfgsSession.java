package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;

/**
 * The state of one {@link Lbfgs} run between iterations: the iterate, its gradient, the search
 * direction, the trial point and gradient of the line search, and the curvature pairs. The iterate
 * and the trial point swap roles after each accepted step, so no step copies a vector it can
 * rename.
 */
final class LbfgsSession implements MinimizerSession {

    private final Lbfgs method;
    private final Run run;
    private final Backend b;
    private final Workspace ws;
    private final Tensor start;
    private final LbfgsHistory history;
    private final Tensor d;
    private Tensor current;
    private Tensor g;
    private Tensor trial;
    private Tensor trialGradient;
    private double f;
    private int k;
    private MinimizeResult result;
    private boolean closed;

    LbfgsSession(Lbfgs method, Objective objective, Tensor x, boolean recordTrajectory) {
        this.method = method;
        this.run = new Run(method.name(), objective, x, method.stopping(), recordTrajectory);
        this.b = run.backend;
        this.start = x;
        this.ws = new Workspace(method.name(), x);
        try {
            g = ws.vector("gradient");
            d = ws.vector("direction");
            trial = ws.vector("trial");
            trialGradient = ws.vector("trial gradient");
            history = new LbfgsHistory(method.memory(), ws, b);
            current = x;
            f = run.evaluate(current, g);
            run.record(f, current);
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
            history.direction(g, d);
            double slope = b.dot(g, d);
            double step = history.isEmpty() ? Math.min(1, 1 / b.norm2(g)) : 1;
            Line line = new Line(run, current, d, trial, trialGradient);
            LineSearchResult found = method.lineSearch().search(line, f, slope, step);
            if (!found.accepted()) {
                if (!history.isEmpty()) {
                    history.clear(); // retry along steepest descent
                    continue;
                }
                return finish(run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail()));
            }
            LinePoint accepted = line.settle(found.point());
            history.add(current, trial, g, trialGradient);
            Tensor t = current;
            current = trial;
            trial = t;
            t = g;
            g = trialGradient;
            trialGradient = t;
            f = accepted.value();
            k++;
            run.record(f, current);
            return Optional.empty();
        }
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

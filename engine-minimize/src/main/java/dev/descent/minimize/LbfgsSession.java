package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;

/**
 * The state of one {@link Lbfgs} run between iterations: on top of what every {@link
 * LineSearchSession} holds, the curvature pairs.
 */
final class LbfgsSession extends LineSearchSession {

    private final Lbfgs method;
    private final LbfgsHistory history;

    LbfgsSession(Lbfgs method, Objective objective, Tensor x, boolean recordTrajectory) {
        super(method, objective, x, recordTrajectory);
        this.method = method;
        try {
            history = new LbfgsHistory(method.memory(), ws, b);
            history.start(g);
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    @Override
    Optional<MinimizeResult> iterate() {
        while (true) {
            Tensor d = history.direction();
            double slope = history.slope();
            double step = history.isEmpty() ? Math.min(1, 1 / history.gradientNorm()) : 1;
            Line line = line(d);
            LineSearchResult found = method.lineSearch().search(line, f, slope, step);
            if (!found.accepted()) {
                if (!history.isEmpty()) {
                    history.clear(); // retry along steepest descent
                    continue;
                }
                return finish(run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail()));
            }
            LinePoint accepted = line.settle(found.point());
            history.add(accepted.step(), accepted.slope(), trialGradient);
            return advance(accepted);
        }
    }
}

package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * The state of one {@link Lbfgs} run between iterations: on top of what every {@link
 * LineSearchSession} holds, the curvature pairs, whose history also keeps the direction (so that it
 * becomes the next pair's {@code s} without a copy).
 */
final class LbfgsSession extends LineSearchSession {

    private final Lbfgs method;
    private final LbfgsHistory history;

    LbfgsSession(Lbfgs method, Objective objective, Tensor x, boolean recordTrajectory, Workspace ws) {
        super(method, method.lineSearch(), objective, x, recordTrajectory, ws);
        this.method = method;
        history = new LbfgsHistory(method.memory(), ws, run.backend);
        history.start(g);
    }

    @Override
    Tensor direction() {
        Tensor d = history.direction();
        slope = history.slope();
        return d;
    }

    /** 1, or {@code min(1, 1/‖∇f‖₂)} while there is no pair (see {@link Lbfgs} for why). */
    @Override
    double initialStep() {
        return history.isEmpty() ? Math.min(1, 1 / history.gradientNorm()) : 1;
    }

    /** Drops the pairs and retries along steepest descent, unless it was steepest descent already. */
    @Override
    boolean fallBack() {
        if (history.isEmpty()) {
            return false;
        }
        history.clear();
        return true;
    }

    @Override
    void update(LinePoint accepted) {
        history.add(accepted.step(), accepted.slope(), trialGradient);
    }
}

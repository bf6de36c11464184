package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;

/**
 * The state of one {@link Bfgs} run between iterations: on top of what every {@link
 * LineSearchSession} holds, the dense inverse-Hessian estimate on the host and the host copies of
 * the step and gradient change it is updated with.
 */
final class BfgsSession extends LineSearchSession {

    private final Bfgs method;
    private final DenseInverseHessian h;
    private final Tensor d;
    private final double[] s;
    private final double[] y;
    private final double[] scratch;

    BfgsSession(Bfgs method, Objective objective, Tensor x, boolean recordTrajectory) {
        super(method, objective, x, recordTrajectory);
        this.method = method;
        int n = objective.dimension();
        try {
            d = ws.vector("direction");
            h = new DenseInverseHessian(n);
            s = new double[n];
            y = new double[n];
            scratch = new double[n];
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    @Override
    Optional<MinimizeResult> iterate() {
        while (true) {
            h.direction(g, d, scratch);
            double slope = b.vectorOps().dot(g, d);
            double step = h.isIdentity() ? Math.min(1, 1 / b.vectorOps().norm2(g)) : 1;
            Line line = line(d);
            LineSearchResult found = method.lineSearch().search(line, f, slope, step);
            if (!found.accepted()) {
                if (!h.isIdentity()) {
                    h.reset(); // retry along steepest descent
                    continue;
                }
                return finish(run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail()));
            }
            LinePoint accepted = line.settle(found.point());
            difference(trial, current, s);
            difference(trialGradient, g, y);
            h.update(s, y);
            return advance(accepted);
        }
    }

    /** {@code out ← a − b} on the host. */
    private void difference(Tensor a, Tensor b, double[] out) {
        a.copyTo(out);
        b.copyTo(scratch);
        for (int i = 0; i < out.length; i++) {
            out[i] -= scratch[i];
        }
    }
}

package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

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

    BfgsSession(Bfgs method, Objective objective, Tensor x, boolean recordTrajectory, Workspace ws) {
        super(method, method.lineSearch(), objective, x, recordTrajectory, ws);
        this.method = method;
        int n = objective.dimension();
        d = ws.vector("direction");
        h = new DenseInverseHessian(n);
        s = new double[n];
        y = new double[n];
        scratch = new double[n];
    }

    @Override
    Tensor direction() {
        h.direction(g, d, scratch);
        slope = b.dot(g, d);
        return d;
    }

    /** 1, or {@code min(1, 1/‖∇f‖₂)} while H is the identity. */
    @Override
    double initialStep() {
        return h.isIdentity() ? Math.min(1, 1 / b.norm2(g)) : 1;
    }

    /** Resets H to I and retries along steepest descent, unless it was steepest descent already. */
    @Override
    boolean fallBack() {
        if (h.isIdentity()) {
            return false;
        }
        h.reset();
        return true;
    }

    @Override
    void update(LinePoint accepted) {
        difference(trial, current, s);
        difference(trialGradient, g, y);
        h.update(s, y);
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

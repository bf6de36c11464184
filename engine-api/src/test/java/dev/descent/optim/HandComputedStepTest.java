package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.kernel.RpropVariant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A few steps of every optimizer on the reference backend against the documented rule
 * (docs/optimizer-rules.md) evaluated in double by hand in the test.
 *
 * <p>Tolerance: 1e-6 relative, on parameters and on state. Each float32 operation rounds with a
 * relative error of at most 2^-24 ≈ 6e-8 and the host coefficients are rounded once from double;
 * a step is about ten such operations, so the float32 result is within ~6e-7 of the exact value
 * unless a subtraction cancels, and the inputs are chosen so that none does (parameters stay well
 * away from 0). A wrong operation order or coefficient (say {@code lr} instead of {@code lr/bc1},
 * eps inside instead of outside a root) is off by far more.
 */
class HandComputedStepTest {
    private static final double RTOL = 1e-6;

    private static final float[] P0 = {1.0f, -2.0f, 0.5f};
    private static final float[][] GRADS = {{0.3f, -0.7f, 2.0f}, {-0.2f, -0.4f, 1.5f}, {0.25f, 0.1f, -1.0f}};

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** The effective gradient of every rule: {@code (maximize ? -g : g) + wd·p}. */
    private static double effective(double g, double p, double wd, boolean maximize) {
        return (maximize ? -g : g) + wd * p;
    }

    @Test
    void sgdWithMomentumDampeningDecayAndMaximize() {
        double lr = 0.05, mu = 0.9, tau = 0.1, wd = 0.01;
        double[] p = widen(P0);
        double[] b = new double[3];
        try (Trial trial = new Trial(new Sgd(lr, mu, tau, wd, false, true), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 3; i++) {
                    double d = effective(GRADS[t - 1][i], p[i], wd, true);
                    b[i] = t == 1 ? d : mu * b[i] + (1 - tau) * d; // no dampening on step 1
                    p[i] -= lr * b[i];
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
            Close.assertRelative(b, trial.state("momentum_buffer"), RTOL, "momentum_buffer");
        }
    }

    @Test
    void sgdNesterov() {
        double lr = 0.05, mu = 0.9;
        double[] p = widen(P0);
        double[] b = new double[3];
        try (Trial trial = new Trial(Sgd.defaults().withLr(lr).withMomentum(mu).withNesterov(true), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 3; i++) {
                    double d = GRADS[t - 1][i];
                    b[i] = t == 1 ? d : mu * b[i] + d;
                    p[i] -= lr * (d + mu * b[i]);
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
        }
    }

    @Test
    void adamWithAmsgradAndL2() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
        double[] p = widen(P0);
        double[] m = new double[3];
        double[] v = new double[3];
        double[] vMax = new double[3];
        try (Trial trial = new Trial(new Adam(lr, b1, b2, eps, wd, true, false), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 3; i++) {
                    double d = effective(GRADS[t - 1][i], p[i], wd, false);
                    m[i] = b1 * m[i] + (1 - b1) * d;
                    v[i] = b2 * v[i] + (1 - b2) * d * d;
                    vMax[i] = Math.max(vMax[i], v[i]);
                    double denom = Math.sqrt(vMax[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                    p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
            Close.assertRelative(m, trial.state("exp_avg"), RTOL, "exp_avg");
            Close.assertRelative(v, trial.state("exp_avg_sq"), RTOL, "exp_avg_sq");
            Close.assertRelative(vMax, trial.state("max_exp_avg_sq"), RTOL, "max_exp_avg_sq");
        }
    }

    @Test
    void adamWDecaysTheParameterBeforeTheStep() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.05;
        double[] p = widen(P0);
        double[] m = new double[3];
        double[] v = new double[3];
        try (Trial trial = new Trial(new AdamW(lr, b1, b2, eps, wd, false, false), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 3; i++) {
                    p[i] *= 1 - lr * wd;
                    double d = GRADS[t - 1][i];
                    m[i] = b1 * m[i] + (1 - b1) * d;
                    v[i] = b2 * v[i] + (1 - b2) * d * d;
                    double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                    p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
        }
    }

    @Test
    void adagradWithDecayingRateInitialAccumulatorAndL2() {
        double lr = 0.1, lrDecay = 0.5, init = 0.2, eps = 1e-10, wd = 0.1;
        double[] p = widen(P0);
        double[] sum = {init, init, init};
        try (Trial trial = new Trial(new Adagrad(lr, lrDecay, wd, init, eps, false), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                double clr = lr / (1 + (t - 1) * lrDecay); // step 1 uses the full lr
                for (int i = 0; i < 3; i++) {
                    double d = effective(GRADS[t - 1][i], p[i], wd, false);
                    sum[i] += d * d;
                    p[i] -= clr * d / (Math.sqrt(sum[i]) + eps);
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
            Close.assertRelative(sum, trial.state("sum"), RTOL, "sum");
        }
    }

    @Test
    void adadeltaWithMaximizeAndL2() {
        double lr = 1.0, rho = 0.9, eps = 1e-6, wd = 0.1;
        double[] p = widen(P0);
        double[] v = new double[3];
        double[] u = new double[3];
        try (Trial trial = new Trial(new Adadelta(lr, rho, eps, wd, true), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 3; i++) {
                    double d = effective(GRADS[t - 1][i], p[i], wd, true);
                    v[i] = rho * v[i] + (1 - rho) * d * d;
                    double delta = Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps) * d;
                    u[i] = rho * u[i] + (1 - rho) * delta * delta;
                    p[i] -= lr * delta;
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
            Close.assertRelative(v, trial.state("square_avg"), RTOL, "square_avg");
            Close.assertRelative(u, trial.state("acc_delta"), RTOL, "acc_delta");
        }
    }

    @Test
    void rmspropPlain() {
        double lr = 0.01, alpha = 0.99, eps = 1e-8;
        double[] p = widen(P0);
        double[] v = new double[3];
        try (Trial trial = new Trial(RmsProp.defaults(), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 3; i++) {
                    double d = GRADS[t - 1][i];
                    v[i] = alpha * v[i] + (1 - alpha) * d * d;
                    p[i] -= lr * d / (Math.sqrt(v[i]) + eps);
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
            Close.assertRelative(v, trial.state("square_avg"), RTOL, "square_avg");
        }
    }

    @Test
    void rmspropCenteredWithMomentumAndL2() {
        double lr = 0.01, alpha = 0.9, eps = 1e-8, wd = 0.1, mu = 0.8;
        double[] p = widen(P0);
        double[] v = new double[3];
        double[] ga = new double[3];
        double[] b = new double[3];
        try (Trial trial = new Trial(new RmsProp(lr, alpha, eps, wd, mu, true, false), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 3; i++) {
                    double d = effective(GRADS[t - 1][i], p[i], wd, false);
                    v[i] = alpha * v[i] + (1 - alpha) * d * d;
                    ga[i] = alpha * ga[i] + (1 - alpha) * d;
                    double avg = Math.sqrt(v[i] - ga[i] * ga[i]) + eps;
                    b[i] = mu * b[i] + d / avg;
                    p[i] -= lr * b[i];
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
            Close.assertRelative(ga, trial.state("grad_avg"), RTOL, "grad_avg");
            Close.assertRelative(b, trial.state("momentum_buffer"), RTOL, "momentum_buffer");
        }
    }

    @Test
    void adamaxWithL2() {
        double lr = 0.01, b1 = 0.9, b2 = 0.99, eps = 1e-6, wd = 0.1;
        double[] p = widen(P0);
        double[] m = new double[3];
        double[] u = new double[3];
        try (Trial trial = new Trial(new Adamax(lr, b1, b2, eps, wd, false), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                for (int i = 0; i < 3; i++) {
                    double d = effective(GRADS[t - 1][i], p[i], wd, false);
                    m[i] = b1 * m[i] + (1 - b1) * d;
                    u[i] = Math.max(b2 * u[i], Math.abs(d) + eps); // eps inside the max
                    p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / u[i]; // bias correction on m only
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
            }
            Close.assertRelative(m, trial.state("exp_avg"), RTOL, "exp_avg");
            Close.assertRelative(u, trial.state("exp_inf"), RTOL, "exp_inf");
        }
    }

    @Test
    void nadamUsesTheProductOfMomentumCoefficients() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1, psi = 4e-3;
        double[] p = widen(P0);
        double[] m = new double[3];
        double[] v = new double[3];
        double muProduct = 1;
        try (Trial trial = new Trial(new NAdam(lr, b1, b2, eps, wd, psi, false), P0)) {
            for (int t = 1; t <= GRADS.length; t++) {
                double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
                double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
                muProduct *= mu; // torch ≥ 2.0: Π_{i≤t} μ_i, and Π_{i≤t+1} μ_i below
                for (int i = 0; i < 3; i++) {
                    double d = effective(GRADS[t - 1][i], p[i], wd, false);
                    m[i] = b1 * m[i] + (1 - b1) * d;
                    v[i] = b2 * v[i] + (1 - b2) * d * d;
                    double denom = Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps;
                    p[i] += -lr * (1 - mu) / (1 - muProduct) * d / denom;
                    p[i] += -lr * muNext / (1 - muProduct * muNext) * m[i] / denom;
                }
                Close.assertRelative(p, trial.step(GRADS[t - 1]), RTOL, "param at step " + t);
                Close.assertRelative(muProduct, trial.optimizer.groupState(0).get(NAdam.MU_PRODUCT), 1e-15,
                        "mu_product (host double)");
            }
        }
    }

    @Test
    void gainsGrowWhileTheSignHoldsAndShrinkWhenItFlips() {
        double lr = 0.1, delta = 0.05;
        float[] p0 = {1.0f, -2.0f};
        float[][] grads = {{1, 0.5f}, {1, -0.5f}, {-1, 0.5f}, {-1, -0.5f}};
        double[] p = widen(p0);
        double[] gain = {1, 1};
        double[] prev = new double[2];
        try (Trial trial = new Trial(Gains.defaults().withLr(lr).withDelta(delta), p0)) {
            for (int t = 1; t <= grads.length; t++) {
                for (int i = 0; i < 2; i++) {
                    double d = grads[t - 1][i];
                    double a = d * prev[i];
                    gain[i] = a > 0 ? gain[i] + delta : a < 0 ? gain[i] * (1 - delta) : gain[i];
                    p[i] -= lr * gain[i] * d;
                    prev[i] = d;
                }
                Close.assertRelative(p, trial.step(grads[t - 1]), RTOL, "param at step " + t);
                Close.assertRelative(gain, trial.state("gain"), RTOL, "gain at step " + t);
            }
        }
        // By hand: element 0 agrees, flips, agrees: 1 → 1 → 1.05 → 0.9975 → 1.0475; element 1 always flips.
        assertEquals(1.0475, gain[0], 1e-12);
        assertEquals(0.95 * 0.95 * 0.95, gain[1], 1e-12);
    }

    /**
     * Where the product of the two gradients is exactly 0 (the first step, whose previous gradient is 0,
     * and a zero gradient later), Descent leaves the gain alone by default; {@code shrink_on_zero} takes
     * the "else" branch of Hinton's lecture 6d rule literally and multiplies it by {@code 1 - δ}.
     */
    @Test
    void gainsShrinkOnZeroTakesTheLecturesElseBranchWhereTheProductIsZero() {
        float[][] grads = {{1, 1}, {1, 0}, {1, 2}};
        // shrink_on_zero: step 1 both products are 0: ×0.95; step 2 element 0 agrees (+0.05), element 1 is 0
        // (×0.95); step 3 element 0 agrees, element 1's product is 0·2 = 0 again (×0.95).
        double[][] shrink = {{0.95, 0.95}, {1.0, 0.95 * 0.95}, {1.05, 0.95 * 0.95 * 0.95}};
        double[][] keep = {{1, 1}, {1.05, 1}, {1.1, 1}};
        for (boolean literal : new boolean[] {true, false}) {
            Gains spec = (Gains) OptimizerSpecs.fromHyper("gains", Map.of("shrink_on_zero", literal));
            assertEquals(literal, spec.shrinkOnZero());
            try (Trial trial = new Trial(spec, 0f, 0f)) {
                for (int t = 0; t < grads.length; t++) {
                    trial.step(grads[t]);
                    Close.assertRelative(literal ? shrink[t] : keep[t], trial.state("gain"), RTOL,
                            "gain at step " + (t + 1) + (literal ? " with" : " without") + " shrink_on_zero");
                }
            }
        }
    }

    @Test
    void gainsWithMomentumAndVelocityComparisonAndClamp() {
        double lr = 0.1, delta = 0.5, minGain = 0.6, maxGain = 1.6, mu = 0.5;
        float[] p0 = {3.0f, -2.0f};
        float[][] grads = {{1, 0.5f}, {1, -0.5f}, {1, 0.5f}, {1, -0.5f}, {-1, 0.5f}};
        double[] p = widen(p0);
        double[] gain = {1, 1};
        double[] vel = new double[2];
        try (Trial trial = new Trial(new Gains(lr, delta, minGain, maxGain, mu, true, 0, false), p0)) {
            for (int t = 1; t <= grads.length; t++) {
                for (int i = 0; i < 2; i++) {
                    double d = grads[t - 1][i];
                    double a = -d * vel[i]; // agreement: the velocity points downhill
                    gain[i] = a > 0 ? gain[i] + delta : a < 0 ? gain[i] * (1 - delta) : gain[i];
                    gain[i] = Math.min(Math.max(gain[i], minGain), maxGain);
                    vel[i] = mu * vel[i] - lr * gain[i] * d;
                    p[i] += vel[i];
                }
                Close.assertRelative(p, trial.step(grads[t - 1]), RTOL, "param at step " + t);
                Close.assertRelative(gain, trial.state("gain"), RTOL, "gain at step " + t);
                Close.assertRelative(vel, trial.state("velocity"), RTOL, "velocity at step " + t);
            }
        }
        // By hand: element 0's gain goes 1, 1.5, 1.6 (clamped), 1.6, then halves on the flip; element 1's
        // velocity always disagrees with its gradient, so its gain sits at the lower clamp.
        assertEquals(maxGain * (1 - delta), gain[0], 1e-12);
        assertEquals(minGain, gain[1], 0);
    }

    // ---- Rprop: the four variants on one worked sequence -------------------------------------------

    /**
     * Gradients of two elements: element 0 flips sign at step 3 and back at step 4; element 1 has a zero
     * gradient at step 2 (no move, the stored gradient becomes 0) and keeps its sign otherwise.
     * lr (the initial step size) 0.1, etas (0.5, 1.2).
     */
    private static final float[] RPROP_P0 = {1.0f, -2.0f};
    private static final float[][] RPROP_GRADS = {{1, -0.5f}, {1, 0}, {-1, -0.5f}, {1, -0.5f}};

    private static Trial rprop(RpropVariant variant) {
        return new Trial(Rprop.defaults().withLr(0.1).withVariant(variant), RPROP_P0);
    }

    private static void assertSequence(Trial trial, double[][] expectedParams, double[] losses) {
        for (int t = 0; t < RPROP_GRADS.length; t++) {
            float[] p = losses == null ? trial.step(RPROP_GRADS[t]) : trial.stepWithLoss(losses[t], RPROP_GRADS[t]);
            Close.assertRelative(expectedParams[t], p, RTOL, "param at step " + (t + 1));
        }
    }

    @Test
    void irpropMinusForgetsTheGradientAfterAFlip() {
        try (Trial trial = rprop(RpropVariant.IRPROP_MINUS)) {
            // Element 0: Δ .1 → .12 (same sign) → .06 (flip: no move, prev = 0) → .06 (prev 0: factor 1).
            // Element 1: Δ .1, .1 (g = 0: no move), .1 (prev = 0), .12.
            assertSequence(trial, new double[][] {{0.9, -1.9}, {0.78, -1.9}, {0.78, -1.8}, {0.72, -1.68}}, null);
            Close.assertRelative(new double[] {0.06, 0.12}, trial.state("step_size"), RTOL, "step_size");
            Close.assertRelative(new double[] {1, -0.5}, trial.state("prev"), RTOL, "prev");
        }
    }

    @Test
    void rpropMinusAlwaysMovesBySignTimesStep() {
        try (Trial trial = rprop(RpropVariant.RPROP_MINUS)) {
            // Element 0: after the flip it moves back by .06, then flips again: Δ .03.
            assertSequence(trial, new double[][] {{0.9, -1.9}, {0.78, -1.9}, {0.84, -1.8}, {0.81, -1.68}}, null);
            Close.assertRelative(new double[] {0.03, 0.12}, trial.state("step_size"), RTOL, "step_size");
        }
    }

    @Test
    void rpropPlusUndoesThePreviousUpdateOnAFlip() {
        try (Trial trial = rprop(RpropVariant.RPROP_PLUS)) {
            // Element 0: updates -.1, -.12, then the flip reverts the last one (+.12), then -.06.
            assertSequence(trial, new double[][] {{0.9, -1.9}, {0.78, -1.9}, {0.9, -1.8}, {0.84, -1.68}}, null);
            Close.assertRelative(new double[] {-0.06, 0.12}, trial.state("prev_update"), RTOL, "prev_update");
        }
    }

    @Test
    void irpropPlusBacktracksOnlyWhenTheLossRose() {
        try (Trial trial = rprop(RpropVariant.IRPROP_PLUS)) {
            // Loss 4 → 4.5 at the flip: backtrack as Rprop+ does.
            assertSequence(trial, new double[][] {{0.9, -1.9}, {0.78, -1.9}, {0.9, -1.8}, {0.84, -1.68}},
                    new double[] {5, 4, 4.5, 4});
            assertEquals(4.0, trial.optimizer.groupState(0).get(Rprop.PREV_LOSS));
        }
        try (Trial trial = rprop(RpropVariant.IRPROP_PLUS)) {
            // Loss falling at the flip: no move (prev_update 0), then a normal step of the shrunk Δ .06.
            assertSequence(trial, new double[][] {{0.9, -1.9}, {0.78, -1.9}, {0.78, -1.8}, {0.72, -1.68}},
                    new double[] {5, 4, 3, 2});
            Close.assertRelative(new double[] {-0.06, 0.12}, trial.state("prev_update"), RTOL, "prev_update");
        }
    }

    @Test
    void rpropStepSizeIsClampedFromTheFirstStep() {
        // lr 0.2 lies above the maximum 0.11: step 1 already uses 0.11 (torch clamps on every step).
        float[][] grads = {{1}, {1}, {-1}, {1}, {-1}};
        double[] expectedStep = {0.11, 0.11, 0.055, 0.055, 0.05};
        try (Trial trial = new Trial(Rprop.defaults().withLr(0.2).withStepSizes(0.05, 0.11), 1f)) {
            for (int t = 0; t < grads.length; t++) {
                trial.step(grads[t]);
                Close.assertRelative(new double[] {expectedStep[t]}, trial.state("step_size"), RTOL,
                        "step_size at step " + (t + 1));
            }
            // Moves: -.11, -.11, none (flip), -.055, none (flip).
            Close.assertRelative(new double[] {1 - 0.11 - 0.11 - 0.055}, trial.param.toFloatArray(), RTOL, "param");
        }
    }

    @Test
    void rpropMaximizeClimbs() {
        try (Trial trial = new Trial(Rprop.defaults().withLr(0.1).withMaximize(true), RPROP_P0)) {
            Close.assertRelative(new double[] {1.1, -2.1}, trial.step(1, -0.5f), RTOL, "param");
        }
    }
}

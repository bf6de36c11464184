package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The claims of Hinton's Neural Networks for Machine Learning, lecture 6, checked on the reference
 * backend: momentum's terminal velocity, local gains under noise, and why Rprop does not work with
 * mini-batches while RMSprop does.
 */
class CourseClaimsTest {

    @Test
    void momentumOnAPlaneReachesTheTerminalVelocity() {
        // 6b: with a constant gradient g the velocity tends to -lr·g/(1-μ), i.e. 1/(1-μ) = 10 times the
        // plain step. After 200 steps the transient 0.9^200 ≈ 7e-10 is gone; the change is read off
        // float32 parameters near 20 (half an ulp 1e-6 each), hence 1e-4 relative.
        double lr = 0.01, mu = 0.9, g = 0.5;
        try (Trial trial = new Trial(Sgd.defaults().withLr(lr).withMomentum(mu), 0f, 1f)) {
            float[] before = trial.param.toFloatArray();
            float[] after = before;
            for (int t = 0; t < 200; t++) {
                before = after;
                after = trial.step((float) g, (float) -g);
            }
            double terminal = -lr * g / (1 - mu);
            Close.assertRelative(terminal, after[0] - before[0], 1e-4, "step of element 0 after 200 steps");
            Close.assertRelative(-terminal, after[1] - before[1], 1e-4, "step of element 1 after 200 steps");
            Close.assertRelative(new double[] {g / (1 - mu), -g / (1 - mu)}, trial.state("momentum_buffer"), 1e-5,
                    "momentum_buffer");
        }
    }

    @Test
    void localGainsStayNearOneWhenTheGradientSignIsRandom() {
        // 6d: additive increase, multiplicative decrease: with a random sign E[Δgain] = δ/2·(1 - gain),
        // so the gains hover around 1. With a steady sign they climb to the upper clamp.
        int n = 1000;
        Random random = new Random(20130101);
        float[] p0 = new float[n];
        try (Trial noisy = new Trial(Gains.defaults(), p0); Trial steady = new Trial(Gains.defaults(), p0)) {
            float[] g = new float[n];
            float[] ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            for (int t = 1; t <= 300; t++) {
                for (int i = 0; i < n; i++) {
                    g[i] = (random.nextBoolean() ? 1 : -1) * (0.5f + random.nextFloat());
                }
                noisy.step(g);
                steady.step(ones);
                double mean = mean(noisy.state("gain"));
                assertTrue(mean >= 0.7 && mean <= 1.5, "mean gain " + mean + " at step " + t);
            }
            assertEquals(10.0, mean(steady.state("gain")), 1e-5, "a steady sign drives every gain to max_gain");
        }
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** One mini-batch gradient per step: +0.1 on nine batches, -0.9 on the tenth; the epoch sums to 0. */
    private static float batchGradient(int step) {
        return step % 10 == 9 ? -0.9f : 0.1f;
    }

    @Test
    void rpropDriftsOnMiniBatchesWhileRmspropStaysPut() {
        // 6e: Rprop sees only signs, so nine small positive gradients outvote one large negative one
        // and the weight keeps moving although the full-batch gradient is 0. RMSprop divides every
        // gradient by the same running RMS, so the big gradient cancels the nine small ones.
        int epochs = 10;
        double[] rprop = trajectory(Rprop.defaults(), epochs);
        double[] rmsprop = trajectory(RmsProp.defaults(), epochs);
        int steps = epochs * 10;

        for (int t = 1; t <= steps; t++) {
            assertTrue(rprop[t] <= rprop[t - 1], "Rprop moves one way only; step " + t + ": " + rprop[t - 1]
                    + " -> " + rprop[t]);
        }
        for (int e = 1; e <= epochs; e++) {
            assertTrue(rprop[e * 10] < rprop[(e - 1) * 10], "Rprop makes progress every epoch");
        }
        double rpropDistance = Math.abs(rprop[steps]);
        assertTrue(rpropDistance > 100 * Rprop.defaults().lr(), "Rprop moved " + rpropDistance);

        int upward = 0;
        for (int t = 1; t <= steps; t++) {
            if (rmsprop[t] > rmsprop[t - 1]) {
                upward++;
            }
        }
        assertEquals(epochs, upward, "RMSprop moves back on every large gradient");
        double rmspropDistance = Math.abs(rmsprop[steps]);
        assertTrue(rmspropDistance < 0.01 * rpropDistance,
                "RMSprop's net movement " + rmspropDistance + " vs Rprop's " + rpropDistance);
        // Once the running average has warmed up (it starts at 0, so the first steps are large),
        // five whole epochs move RMSprop by less than two plain steps of lr.
        double lateDrift = Math.abs(rmsprop[steps] - rmsprop[steps / 2]);
        double rpropLateDrift = Math.abs(rprop[steps] - rprop[steps / 2]);
        assertTrue(lateDrift < 2 * RmsProp.defaults().lr(), "RMSprop drifted " + lateDrift + " in five epochs");
        assertTrue(lateDrift < 1e-3 * rpropLateDrift, "RMSprop " + lateDrift + " vs Rprop " + rpropLateDrift);
    }

    /** The weight (starting at 0) before the first and after each mini-batch step. */
    private static double[] trajectory(OptimizerSpec spec, int epochs) {
        double[] w = new double[epochs * 10 + 1];
        try (Trial trial = new Trial(spec, 0f)) {
            for (int t = 0; t < epochs * 10; t++) {
                w[t + 1] = trial.step(batchGradient(t))[0];
            }
        }
        return w;
    }
}

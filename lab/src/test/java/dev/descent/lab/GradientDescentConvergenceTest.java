package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.lab.GradientDescentConvergence.Behaviour;
import dev.descent.lab.GradientDescentConvergence.Run;
import dev.descent.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * Experiment 1's claims on its bowl (λmax = 10), 40 steps on the reference backend. Along λmax's
 * eigenvector each step multiplies the coordinate by 1 − ηλmax exactly in real arithmetic; the
 * tolerances leave room for float32 rounding only (a relative 1e-6 per step).
 */
class GradientDescentConvergenceTest {

    private static final Backend BACKEND = new ReferenceBackend();

    @Test
    void belowOneOverLambdaMaxConvergesMonotonically() {
        Run r = GradientDescentConvergence.measure(BACKEND, 0.5, 200);
        assertEquals(Behaviour.CONVERGES_MONOTONICALLY, r.behaviour());
        assertEquals(0, r.flips());
        for (int k = 1; k < r.path().losses().length; k++) {
            assertTrue(r.path().losses()[k] < r.path().losses()[k - 1], "f rose at step " + k);
        }
    }

    @Test
    void betweenOneAndTwoOverLambdaMaxConvergesFlippingEveryStep() {
        Run r = GradientDescentConvergence.measure(BACKEND, 1.5, 200);
        assertEquals(Behaviour.CONVERGES_OSCILLATING, r.behaviour());
        assertEquals(GradientDescentConvergence.FLIP_WINDOW, r.flips());
        // |1 − 1.5| = 0.5 per step along λmax
        assertEquals(Math.pow(0.5, GradientDescentConvergence.FLIP_WINDOW), r.amplitude(), 1e-3 * Math.pow(0.5, 20));
    }

    @Test
    void atTwoOverLambdaMaxOscillatesWithConstantAmplitude() {
        Run r = GradientDescentConvergence.measure(BACKEND, 2.0, 40);
        assertEquals(Behaviour.OSCILLATES, r.behaviour());
        assertEquals(GradientDescentConvergence.FLIP_WINDOW, r.flips());
        assertEquals(1, r.amplitude(), 1e-4);
    }

    @Test
    void aboveTwoOverLambdaMaxDiverges() {
        Run r = GradientDescentConvergence.measure(BACKEND, 2.2, 60);
        assertEquals(Behaviour.DIVERGES, r.behaviour());
        // f grows as 1.2² per step along λmax; the λmin part shrinks
        assertEquals(Math.pow(1.44, 60), r.ratio(), 0.2 * Math.pow(1.44, 60));
    }
}

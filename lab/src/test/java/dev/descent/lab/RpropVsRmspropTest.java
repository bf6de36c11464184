package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.lab.RpropVsRmsprop.Run;
import dev.descent.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Experiment 5's claims on the reference backend, 50 tens of mini-batches. */
class RpropVsRmspropTest {

    private static final Backend BACKEND = new ReferenceBackend();

    @Test
    void eachTenHoldsNinePlusOneAndOneMinusNine() {
        float[] g = RpropVsRmsprop.gradients(50, 3);
        assertEquals(500, g.length);
        for (int c = 0; c < 50; c++) {
            int large = 0;
            double sum = 0;
            for (int i = 0; i < 10; i++) {
                large += g[c * 10 + i] == RpropVsRmsprop.LARGE ? 1 : 0;
                sum += g[c * 10 + i];
            }
            assertEquals(1, large, "ten " + c);
            assertEquals(0, sum, 1e-6, "ten " + c);
        }
    }

    @Test
    void rpropDriftsRmspropStaysSgdReturns() {
        List<Run> runs = RpropVsRmsprop.measure(BACKEND, 50, 3);
        Run rprop = runs.get(0);
        Run rmsprop = runs.get(1);
        Run sgd = runs.get(2);
        assertTrue(Math.abs(rprop.last()) >= 0.01 * 500 && rprop.steadyDrift() >= 0.9,
                rprop.last() + ", " + rprop.steadyDrift());
        assertTrue(rmsprop.largest() <= 0.01 * Math.abs(rprop.last()), rmsprop.largest() + " vs " + rprop.last());
        // SGD's ten steps sum to −0.01·(9·0.1 − 0.9) = 0; float32 rounding of 500 steps of 1e-3 to 9e-3 leaves < 1e-5.
        assertEquals(0, sgd.last(), 1e-5);
    }
}

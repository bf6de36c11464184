package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.lab.LocalGains.Run;
import dev.descent.optim.Gains;
import dev.descent.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/** Experiment 4's claims on the reference backend, 2000 weights. */
class LocalGainsTest {

    private static final Backend BACKEND = new ReferenceBackend();

    @Test
    void randomSignsKeepTheGainsAroundOne() {
        Run r = LocalGains.measure(BACKEND, 2000, 300, false, 7);
        assertTrue(r.median() >= 0.8 && r.median() <= 1.25, "median " + r.median());
        assertTrue(r.fractionWithin(0.5, 2) >= 0.95, "in [0.5, 2]: " + r.fractionWithin(0.5, 2));
    }

    @Test
    void consistentSignsRaiseEveryGainToTheCap() {
        Run r = LocalGains.measure(BACKEND, 2000, 300, true, 7);
        assertEquals(1, r.fractionWithin(Gains.defaults().maxGain(), Gains.defaults().maxGain()));
    }

    /**
     * Below the cap a consistent gain grows by δ per step after the first (which has no previous
     * gradient to agree with): 1 + 99·0.05 after 100 steps, up to float32 rounding of 99 additions (1e-5).
     */
    @Test
    void consistentGainsGrowByDeltaPerStep() {
        Run r = LocalGains.measure(BACKEND, 100, 100, true, 7);
        for (double g : r.gains()) {
            assertEquals(1 + 99 * Gains.defaults().delta(), g, 1e-5);
        }
    }

    @Test
    void percentileIsTheNearestRank() {
        assertEquals(2, LocalGains.percentile(new double[] {4, 1, 3, 2}, 50));
        assertEquals(4, LocalGains.percentile(new double[] {4, 1, 3, 2}, 95));
        assertEquals(1, LocalGains.percentile(new double[] {4, 1, 3, 2}, 5));
    }
}

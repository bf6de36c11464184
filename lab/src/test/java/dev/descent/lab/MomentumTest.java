package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.lab.Momentum.BowlRun;
import dev.descent.lab.Momentum.Terminal;
import dev.descent.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Experiment 2's claims on the reference backend. */
class MomentumTest {

    private static final Backend BACKEND = new ReferenceBackend();

    /**
     * After 2000 steps the velocity differs from its limit by μ^2000 of it (≤ 2e-9 for μ = 0.99). The
     * position is float32 and each step's addition rounds it, always the same way for a constant
     * step: by up to half an ulp of |w| ≈ speed·t, a relative 2^-24·t ≈ 1.2e-4 of the speed at
     * t = 2000 (6e-5 measured). 5e-4 leaves room for that and nothing more.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.99})
    void terminalVelocityIsMinusEtaGOverOneMinusMu(double mu) {
        Terminal t = Momentum.terminal(BACKEND, mu, 2000);
        assertEquals(-Momentum.PLANE_LR * Momentum.SLOPE / (1 - mu), t.formula(), 1e-15);
        assertEquals(t.formula(), t.measured(), 5e-4 * Math.abs(t.formula()));
        // The first step is the plain gradient step: the velocity starts at −η·g and grows toward the limit.
        assertEquals(-Momentum.PLANE_LR * Momentum.SLOPE, t.velocity()[0], 1e-9);
    }

    @Test
    void scheduledMomentumReachesTheTargetInAThirdOfGradientDescentsSteps() {
        BowlRun gd = Momentum.bowl(BACKEND, 0, false, 600);
        BowlRun m9 = Momentum.bowl(BACKEND, 0.9, false, 600);
        assertTrue(gd.stepsToTarget() <= 600, "gradient descent reaches 1e-6·f0 within 600 steps: " + gd.stepsToTarget());
        assertTrue(3 * m9.stepsToTarget() <= gd.stepsToTarget(), m9.stepsToTarget() + " vs " + gd.stepsToTarget());
    }

    @Test
    void nesterovIsAtLeastAsFastAsStandardMomentum() {
        for (double mu : new double[] {0.9, 0.99}) {
            BowlRun standard = Momentum.bowl(BACKEND, mu, false, 600);
            BowlRun nesterov = Momentum.bowl(BACKEND, mu, true, 600);
            assertTrue(nesterov.stepsToTarget() <= standard.stepsToTarget(),
                    "μ → " + mu + ": " + nesterov.stepsToTarget() + " vs " + standard.stepsToTarget());
        }
    }

    @Test
    void stepsToTargetCountsTheFinalStretchBelowIt() {
        BowlRun gd = Momentum.bowl(BACKEND, 0, false, 600);
        double target = Momentum.TARGET * gd.path().losses()[0];
        int k = gd.stepsToTarget();
        assertTrue(gd.path().losses()[k - 1] > target && gd.path().losses()[k] <= target);
        for (int i = k; i < gd.path().losses().length; i++) {
            assertTrue(gd.path().losses()[i] <= target, "step " + i);
        }
        assertEquals(11, Momentum.bowl(BACKEND, 0, false, 10).stepsToTarget(), "not reached in 10 steps: steps + 1");
    }
}

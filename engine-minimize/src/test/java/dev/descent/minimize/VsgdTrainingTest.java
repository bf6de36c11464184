package dev.descent.minimize;

import static dev.descent.minimize.Fixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.HostObjective;
import dev.descent.objective.LabeledData;
import dev.descent.objective.LogisticRegression;
import dev.descent.objective.NoisyQuadratic;
import dev.descent.optim.Sgd;
import dev.descent.optim.Vsgd;
import dev.descent.optim.VsgdCurvature;
import org.junit.jupiter.api.Test;

/** vSGD-l and vSGD-fd trained through {@link MiniBatchTraining}, and the claim against SGD. */
class VsgdTrainingTest {

    private static final Vsgd FD = Vsgd.defaults().withVariant(VsgdCurvature.FINITE_DIFFERENCE);

    /** n = 10, curvatures 1…100 (κ = 100), 2000 examples whose centres have noise σ = 1, seeded. */
    private static NoisyQuadratic noisyQuadratic() {
        return new NoisyQuadratic(10, 100, 2000, 1.0, 11);
    }

    private static double excess(NoisyQuadratic f, MinimizeResult r) {
        return r.value() - f.minimumValue();
    }

    @Test
    void vsgdOnANoisyQuadraticBeatsSgdWithABadlyChosenLearningRateWithoutTuning() {
        // Online (batch 1), 3 epochs, the same seeded batch order for all. vSGD runs with its defaults
        // (no learning rate at all). SGD gets two bad fixed rates: 1e-4, far too small for the flat
        // directions (curvature 1: e^(-0.6) of the start is left after 6000 steps), and 0.019, just
        // inside the stability limit 2/100 of the stiffest direction, where the gradient noise is
        // amplified. Observed excess loss f - f*: vSGD 8.9e-3 (both variants: on a quadratic the finite
        // difference is exact), SGD 0.54 and 764. Asserted: vSGD's excess is below a tenth of the better
        // SGD run's, a margin of 6× over what was observed.
        NoisyQuadratic f = noisyQuadratic();
        MinimizeResult local = run(MiniBatchTraining.of(Vsgd.defaults(), 1, 3, 5), f).result();
        MinimizeResult fd = run(MiniBatchTraining.of(FD, 1, 3, 5), f).result();
        MinimizeResult tooSmall = run(MiniBatchTraining.of(Sgd.defaults().withLr(1e-4), 1, 3, 5), f).result();
        MinimizeResult tooLarge = run(MiniBatchTraining.of(Sgd.defaults().withLr(0.019), 1, 3, 5), f).result();
        double bestSgd = Math.min(excess(f, tooSmall), excess(f, tooLarge));
        for (MinimizeResult r : new MinimizeResult[] {local, fd}) {
            assertEquals(StopReason.EPOCHS_DONE, r.stopReason(), r.toString());
            assertTrue(excess(f, r) >= -1e-9, "nothing beats f*: " + r);
            assertTrue(excess(f, r) < bestSgd / 10, r.method() + ": f - f* = " + excess(f, r)
                    + " vs SGD's best " + bestSgd);
        }
        assertEquals("vsgd", local.method());
        assertEquals("vsgd-fd", fd.method());
        assertEquals(6000 + 4, local.gradientEvaluations(), "a batch per step, the full gradient at the start and per epoch");
        assertEquals(2 * 6000 + 4, fd.gradientEvaluations(), "vsgd-fd: one more gradient (the probe) per step");
    }

    @Test
    void miniBatchesAddOneGradientPerExampleForTheCorrection() {
        // Batches of 20 over 2000 examples: per step the batch gradient and 20 per-example gradients.
        NoisyQuadratic f = noisyQuadratic();
        MinimizeResult r = run(MiniBatchTraining.of(Vsgd.defaults(), 20, 2, 3), f).result();
        assertEquals(200, r.iterations());
        assertEquals(200 * 21 + 3, r.gradientEvaluations(), r.toString());
        MinimizeResult sgd = run(MiniBatchTraining.of(Sgd.defaults().withLr(1e-4), 20, 2, 3), f).result();
        assertTrue(excess(f, r) < excess(f, sgd) / 10, r + " vs " + sgd);
    }

    @Test
    void bothVariantsTrainLogisticRegression() {
        // 1000 synthetic rows, 10 features: from w = 0 (f = log 2 ≈ 0.693) vSGD gets within 1e-2 of the
        // L-BFGS optimum (≈ 0.619) in 5 epochs of batches of 10 without any rate given. Observed gap:
        // about 1e-3 for both variants.
        LogisticRegression f = new LogisticRegression(LabeledData.synthetic(1000, 10, 0), 1e-3);
        double best = Fixture.converged(run(Lbfgs.defaults(), f)).value();
        for (Vsgd spec : new Vsgd[] {Vsgd.defaults(), FD}) {
            MinimizeResult r = run(MiniBatchTraining.of(spec, 10, 5, 1), f).result();
            assertEquals(StopReason.EPOCHS_DONE, r.stopReason(), r.toString());
            assertTrue(r.value() - best < 1e-2, r + " vs L-BFGS's " + best);
        }
    }

    @Test
    void fullBatchVsgdOnADeterministicQuadraticDescends() {
        // Without noise ḡ²/v̄ tends to 1 and η to 1/h, diagonal Newton; the averages lag the shrinking
        // gradient, so vSGD is no fast deterministic solver, but on the default quadratic (n = 20,
        // κ = 1e4, f(x0) ≈ 1.3e4) 500 full-batch steps bring f to 1.6e-6 (observed); asserted: < 1e-4.
        var f = dev.descent.objective.Problems.create("quadratic", 20, java.util.Map.of());
        MinimizeResult r = run(new MiniBatchTraining(Vsgd.defaults(), MiniBatchTraining.ALL, 500, 0,
                Stopping.defaults().withMaxIterations(Integer.MAX_VALUE)), f).result();
        assertTrue(r.value() < 1e-4, r.toString());
    }

    @Test
    void vsgdLocalNeedsTheDiagonalCurvature() {
        HostObjective flat = new HostObjective("no-curvature", 2) {
            @Override
            protected double valueAndGradient(double[] x, double[] g) {
                g[0] = x[0];
                g[1] = x[1];
                return 0.5 * (x[0] * x[0] + x[1] * x[1]);
            }

            @Override
            public double[] startingValues() {
                return new double[] {1, 1};
            }
        };
        var e = assertThrows(IllegalArgumentException.class,
                () -> run(new MiniBatchTraining(Vsgd.defaults(), MiniBatchTraining.ALL, 5, 0, Stopping.defaults()), flat));
        assertTrue(e.getMessage().contains("no diagonal curvature") && e.getMessage().contains("vsgd-fd"), e.getMessage());
        // vSGD-fd estimates it: from f = 1, 200 steps reach 5e-9 (observed); asserted: < 1e-6.
        MinimizeResult r = run(new MiniBatchTraining(FD, MiniBatchTraining.ALL, 200, 0,
                Stopping.defaults().withMaxIterations(Integer.MAX_VALUE)), flat).result();
        assertTrue(r.value() < 1e-6, r.toString());
    }
}

package dev.descent.minimize;

import static dev.descent.minimize.Fixture.BACKEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.Problems;
import dev.descent.objective.StochasticObjective;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.optim.Vsgd;
import dev.descent.optim.VsgdCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vSGD-fd's inputs on a mini-batch are per-example statistics (Schaul &amp; LeCun, ICLR 2013): {@code
 * curvature} the batch mean of the per-example finite differences, {@code curvature_sq} the batch mean
 * of their squares.
 */
class VsgdInputsTest {

    /** curvature, curvature_sq and grad_sq after one fill on {@code batch} at the starting point. */
    private static float[][] fill(int[] batch) {
        StochasticObjective f = (StochasticObjective) Problems.create("logistic", 6, Map.of());
        Vsgd spec = VsgdInputs.forBatches(Vsgd.defaults().withVariant(VsgdCurvature.FINITE_DIFFERENCE), f, batch.length);
        try (Tensor p = f.startingPoint(BACKEND, DType.FLOAT32);
                Tensor g = BACKEND.allocate("g", DType.FLOAT32, p.shape());
                Optimizer opt = Optimizer.of(BACKEND, spec, new Parameter(p, g))) {
            Run run = new Run("vsgd-fd", f, p, Stopping.defaults(), 10, false);
            Map<String, Tensor> state = opt.state(p);
            try (VsgdInputs inputs = new VsgdInputs(spec, run, f, state, p)) {
                f.batchValueAndGradient(p, batch, g);
                inputs.fill(p, batch, g, 0);
            }
            return new float[][] {state.get("curvature").toFloatArray(), state.get("curvature_sq").toFloatArray(),
                state.get("grad_sq").toFloatArray()};
        }
    }

    /** Mean of squares ≥ square of the mean, strictly where the examples differ. */
    @Test
    void theSquaresAreThoseOfTheExamplesNotOfTheBatchMean() {
        float[][] s = fill(new int[] {0, 5, 11, 17});
        boolean strict = false;
        for (int j = 0; j < s[0].length; j++) {
            double mean = s[0][j];
            assertTrue(mean >= 0, "a mean of magnitudes");
            assertTrue(s[1][j] >= mean * mean * (1 - 1e-6), "element " + j + ": " + s[1][j] + " < " + mean * mean);
            strict |= s[1][j] > mean * mean * 1.01;
        }
        assertTrue(strict, "four different examples: the squares' mean exceeds the mean's square somewhere");
    }

    /** A batch of one example four times: every per-example difference is the same, so the two agree (float32). */
    @Test
    void aBatchOfOneExampleRepeatedHasNoSpread() {
        float[][] s = fill(new int[] {7, 7, 7, 7});
        for (int j = 0; j < s[0].length; j++) {
            assertEquals(s[0][j] * (double) s[0][j], s[1][j], 1e-5 * s[1][j] + 1e-30, "element " + j);
        }
    }
}

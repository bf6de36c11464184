package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * vSGD-fd's outlier test with mini-batches (Schaul &amp; LeCun, ICLR 2013, arXiv 1301.3764): fed the
 * per-example statistics of each batch as {@code MiniBatchTraining} feeds them — the batch mean of n
 * per-example curvatures into {@code curvature}, the batch mean of their squares into {@code
 * curvature_sq} — a stationary batch is an outlier at L = 1 about as often as a normal deviate lies
 * beyond one standard deviation, 31.7%. (Built from the batch mean alone and divided by n again, the
 * test flagged about 75% of the steps.)
 *
 * <p>Each of 20 000 elements is an independent trial: per-example curvatures are N(5, 1), the
 * gradient is 0 and {@code grad_sq} 1, so that the gradient's own test never fires and r = 0, which
 * makes every step add exactly 1 + [outlier] to τ. The fraction is counted over steps 40 to 60, after
 * the averages have settled; at 20 000 × 21 trials its standard error is about 0.1%, and the band
 * [0.28, 0.36] allows for the averages' own noise.
 */
class VsgdMiniBatchOutlierTest {

    private static final Backend B = new ReferenceBackend();
    private static final int ELEMENTS = 20_000;
    private static final int BATCH = 10;

    @Test
    void aStationaryBatchIsAnOutlierAboutAsOftenAsANormalDeviate() {
        Vsgd spec = (Vsgd) OptimizerSpecs.fromHyper("vsgd", Map.of("variant", "fd", "batch_size", BATCH,
                "outlier_level", 1.0, "slow_start_samples", 10));
        SplittableRandom random = new SplittableRandom(42);
        long outliers = 0;
        long trials = 0;
        try (Tensor p = B.allocate("p", DType.FLOAT32, new long[] {ELEMENTS});
                Tensor g = B.allocate("g", DType.FLOAT32, new long[] {ELEMENTS});
                Optimizer opt = Optimizer.of(B, spec, new Parameter(p, g))) {
            Map<String, Tensor> state = opt.state(p);
            state.get("grad_sq").copyFrom(constant(1));
            double[] h = new double[ELEMENTS];
            double[] hh = new double[ELEMENTS];
            for (int step = 1; step <= 60; step++) {
                for (int i = 0; i < ELEMENTS; i++) {
                    double sum = 0;
                    double squares = 0;
                    for (int j = 0; j < BATCH; j++) {
                        double hij = 5 + gaussian(random);
                        sum += hij;
                        squares += hij * hij;
                    }
                    h[i] = sum / BATCH;
                    hh[i] = squares / BATCH;
                }
                state.get("curvature").copyFrom(h);
                state.get("curvature_sq").copyFrom(hh);
                float[] before = state.get("tau").toFloatArray();
                opt.step();
                float[] after = state.get("tau").toFloatArray();
                if (step >= 40) {
                    for (int i = 0; i < ELEMENTS; i++) {
                        float added = after[i] - before[i];
                        assertTrue(added == 1f || added == 2f, "τ grows by 1 + [outlier] when r = 0: " + added);
                        outliers += added == 2f ? 1 : 0;
                        trials++;
                    }
                }
            }
            assertEquals(0f, p.toFloatArray()[0], "g = 0: the parameter stays");
        }
        double fraction = (double) outliers / trials;
        assertTrue(fraction > 0.28 && fraction < 0.36, "outlier fraction " + fraction + ", expected about 0.317");
    }

    private static double[] constant(double value) {
        double[] v = new double[ELEMENTS];
        java.util.Arrays.fill(v, value);
        return v;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}

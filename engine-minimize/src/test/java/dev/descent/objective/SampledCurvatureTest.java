package dev.descent.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.data.ClassificationData;
import dev.descent.kernel.Activation;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.network.TorchInit;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hessian-free's curvature sample (Martens 2010, §4.3): products on a seeded sample of the examples, one
 * sample per gradient evaluation, everything else full-batch.
 */
class SampledCurvatureTest {

    private static final Backend BACKEND = new ReferenceBackend();
    private static final NetworkSpec SPEC = new NetworkSpec(new int[] {4, 5, 3}, Activation.TANH, Loss.CROSS_ENTROPY);
    private static final int EXAMPLES = 40;

    private static ClassificationData data() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[EXAMPLES * 4];
        int[] y = new int[EXAMPLES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1);
        }
        for (int i = 0; i < EXAMPLES; i++) {
            y[i] = r.nextInt(3);
        }
        return new ClassificationData(EXAMPLES, 4, 3, x, y);
    }

    private static double[] direction(int n) {
        SplittableRandom r = new SplittableRandom(8);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() - 0.5;
        }
        return v;
    }

    @Test
    void productsUseOneSampleOfDistinctExamplesPerGradientEvaluation() {
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(SPEC, data());
                Tensor x = BACKEND.fromArray("x", TorchInit.initialize(SPEC, 1));
                Tensor g = BACKEND.allocate("g", DType.FLOAT64, SPEC.parameterCount());
                Tensor expectedG = BACKEND.allocate("g0", DType.FLOAT64, SPEC.parameterCount());
                Tensor v = BACKEND.fromArray("v", direction(SPEC.parameterCount()));
                Tensor out = BACKEND.allocate("Gv", DType.FLOAT64, SPEC.parameterCount());
                Tensor expected = BACKEND.allocate("expected", DType.FLOAT64, SPEC.parameterCount())) {
            SampledCurvature s = new SampledCurvature(f, 0.25, 11);
            assertEquals(10, s.sampleSize(), "round(0.25 · 40)");
            // The value and gradient stay full-batch.
            assertEquals(f.valueAndGradient(x, expectedG), s.valueAndGradient(x, g), 0);
            assertArrayEquals(expectedG.toDoubleArray(), g.toDoubleArray(), 0);
            s.gaussNewtonVectorProduct(x, v, out);
            int[] first = s.currentSample();
            assertEquals(10, first.length);
            assertEquals(10, Arrays.stream(first).distinct().count(), "without replacement");
            assertTrue(Arrays.stream(first).allMatch(i -> i >= 0 && i < EXAMPLES));
            int[] sorted = first.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, first, "in the data's order");
            f.batchGaussNewtonVectorProduct(x, first, v, expected);
            assertArrayEquals(expected.toDoubleArray(), out.toDoubleArray(), 0, "the product over the sample");
            // More products in the same conjugate-gradient run: the same sample.
            s.gaussNewtonVectorProduct(x, v, out);
            assertArrayEquals(first, s.currentSample());
            assertEquals(1, s.draws());
            // A new gradient evaluation (the next outer iteration): a new sample.
            s.valueAndGradient(x, g);
            s.gaussNewtonVectorProduct(x, v, out);
            assertEquals(2, s.draws());
            assertFalse(Arrays.equals(first, s.currentSample()), "a new draw, not the same examples again");
            // The same seed, the same calls: the same samples.
            SampledCurvature again = new SampledCurvature(f, 0.25, 11);
            again.gaussNewtonVectorProduct(x, v, out);
            assertArrayEquals(first, again.currentSample());
        }
    }

    @Test
    void theWholeSampleIsTheFullProductAndBadFractionsAreRefused() {
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(SPEC, data());
                Tensor x = BACKEND.fromArray("x", TorchInit.initialize(SPEC, 2));
                Tensor v = BACKEND.fromArray("v", direction(SPEC.parameterCount()));
                Tensor out = BACKEND.allocate("Gv", DType.FLOAT64, SPEC.parameterCount());
                Tensor expected = BACKEND.allocate("expected", DType.FLOAT64, SPEC.parameterCount())) {
            SampledCurvature all = new SampledCurvature(f, 1, 4);
            all.gaussNewtonVectorProduct(x, v, out);
            f.gaussNewtonVectorProduct(x, v, expected);
            assertArrayEquals(expected.toDoubleArray(), out.toDoubleArray(), 0);
            assertEquals(1, new SampledCurvature(f, 1e-9, 4).sampleSize(), "at least one example");
            for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new SampledCurvature(f, bad, 0));
                assertTrue(e.getMessage().contains("fraction in (0, 1]"), e.getMessage());
            }
        }
    }
}

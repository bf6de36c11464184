package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.backend.Backend;
import dev.descent.data.RegressionData;
import dev.descent.kernel.Activation;
import dev.descent.minimize.MiniBatchTraining;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.network.TorchInit;
import dev.descent.objective.Objective;
import dev.descent.objective.Problems;
import dev.descent.optim.Adam;
import dev.descent.simd.SimdBackend;
import dev.descent.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole runs — mini-batch training of a network (products, activations, the loss, the optimizer step) and the
 * full-batch minimizers (reductions, line searches, the L-BFGS and CG recurrences) — give the same bits on
 * the SIMD backend with 1, 2 and 4 threads, and again when repeated: the work of a call is cut into chunks
 * fixed by the sizes alone and reductions combine the chunks in order (the {@code engine-simd} package's
 * "Threads" paragraph). The sizes put every tensor above the size at which a call is split across threads.
 * The network is ReLU + MSE and the minimizers' problem a quadratic on purpose: kernels that call the Vector
 * API's {@code exp}/{@code log1p} (softmax, sigmoid, the logistic loss) can differ in the last bit between
 * interpreted and compiled code (README, "Determinism"), which is about the JIT, not threads.
 */
class ThreadCountDeterminismTest {

    private static final int[] THREADS = {1, 2, 4};

    /** 300·512 = 153 600 weights in the first layer: above the 65 536 elements at which calls are split. */
    private static final NetworkSpec NET = new NetworkSpec(new int[] {300, 512, 10}, Activation.RELU, Loss.MSE);

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void miniBatchTrainingOfANetworkIsTheSameForOneTwoAndFourThreads(int repetition) {
        RegressionData data = regression(256, 11);
        double[] expected = null;
        for (int threads : THREADS) {
            Backend simd = new SimdBackend(threads);
            try (MultilayerPerceptron f = MultilayerPerceptron.regression(NET, data);
                    Tensor x = simd.fromArray("x", TorchInit.initialize(NET, 5))) {
                MinimizeResult r = MiniBatchTraining.of(Adam.defaults(), 32, 2, 7).minimize(f, x);
                double[] weights = x.toDoubleArray();
                if (expected == null) {
                    expected = weights;
                } else {
                    assertArrayEquals(expected, weights, 0.0, threads + " threads against 1, run " + repetition);
                }
                assertEquals(16, r.iterations(), "2 epochs of 8 mini-batches of 32");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lbfgs", "cg", "hf"})
    void aMinimizerTakesTheSameIteratesForOneTwoAndFourThreads(String method) {
        double[] expected = null;
        double expectedValue = Double.NaN;
        for (int threads : THREADS) {
            Backend simd = new SimdBackend(threads);
            try (Objective f = Problems.create("quadratic", 300_000, Map.of("cond", "1e3"));
                    Tensor x = simd.fromArray("x", start(300_000))) {
                Minimizer m = Minimizers.create(method, Stopping.defaults().withMaxIterations(15));
                MinimizeResult r = m.minimize(f, x);
                double[] xs = x.toDoubleArray();
                if (expected == null) {
                    expected = xs;
                    expectedValue = r.value();
                } else {
                    assertEquals(Double.doubleToRawLongBits(expectedValue), Double.doubleToRawLongBits(r.value()),
                            method + ": f with " + threads + " threads " + r.value() + " against " + expectedValue);
                    assertArrayEquals(expected, xs, 0.0, method + ": x with " + threads + " threads against 1");
                }
            }
        }
    }

    private static double[] start(int n) {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }

    /** {@code rows} random inputs in [−1, 1) and targets from a fixed random linear map plus noise. */
    private static RegressionData regression(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = NET.layers()[0];
        int out = NET.layers()[NET.layers().length - 1];
        float[] features = new float[rows * in];
        float[] targets = new float[rows * out];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < out; k++) {
                double t = 0;
                for (int j = k; j < in; j += out) {
                    t += features[i * in + j];
                }
                targets[i * out + k] = (float) (0.1 * t + 0.01 * r.nextDouble(-1, 1));
            }
        }
        return new RegressionData(rows, in, out, features, targets);
    }
}

package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.kernel.Activation;
import dev.descent.minimize.MiniBatchTraining;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.network.TorchInit;
import dev.descent.optim.Adam;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multilayer-perceptron objective on every non-reference backend against the reference: value,
 * gradient, mini-batch gradient, Gauss–Newton product, loss and accuracy on a 7-13-9-4 network (widths
 * that fit no vector or tile size) over 300 examples, in both dtypes; and Hessian-free and mini-batch
 * Adam training a small classifier on the backend.
 *
 * <p>Tolerances. Every result is a sum over examples of products through three layers; the backends
 * differ only in the order of their sums (GEMMs blocked differently, fused multiply-adds). A sum of
 * {@code k} terms reordered moves by at most {@code k·u·Σ|terms|} (Higham, §3.5), {@code u} the unit
 * roundoff; with {@code k ≤ 300} terms whose absolute sum is within ~20× the result's largest entry
 * (random signs cancel by about √300 ≈ 17), that is ≲ 300·20·u relative: 7e-13 in float64, 4e-4 in
 * float32. The tests allow 1e-10 and 2e-3 of the largest entry — a few times that bound, and orders of
 * magnitude below what a wrong rule (a missing derivative, a sum for a mean) changes.
 */
class NetworkObjectiveAgreementTest {

    private static final int ROWS = 300;

    static Stream<Arguments> cases() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> Stream.of(DType.FLOAT64, DType.FLOAT32)
                .flatMap(d -> Stream.of(Arguments.of(b, d, Activation.TANH, Loss.CROSS_ENTROPY),
                        Arguments.of(b, d, Activation.RELU, Loss.CROSS_ENTROPY),
                        Arguments.of(b, d, Activation.SIGMOID, Loss.MSE))));
    }

    static Stream<String> backends() {
        return BackendsUnderTest.nonReferenceNames();
    }

    private static float[] uniform(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    private static ClassificationData labelled(int rows, int cols, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = uniform(r, rows * cols);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(classes);
        }
        return new ClassificationData(rows, cols, classes, x, y);
    }

    /** What one backend computes at one point. */
    private record Results(double value, double[] gradient, double batchValue, double[] batchGradient, double[] gv,
            double[] batchGv, double testLoss, double accuracy) {
    }

    private static Results evaluate(Backend backend, DType dtype, NetworkSpec spec, long seed) {
        ClassificationData train = labelled(ROWS, spec.inputs(), spec.outputs(), seed);
        ClassificationData test = labelled(101, spec.inputs(), spec.outputs(), seed + 1);
        SplittableRandom r = new SplittableRandom(seed + 2);
        int n = spec.parameterCount();
        MultilayerPerceptron f;
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            f = MultilayerPerceptron.classifier(spec, train);
        } else {
            f = MultilayerPerceptron.regression(spec, new RegressionData(ROWS, spec.inputs(), spec.outputs(),
                    train.features(), uniform(r, ROWS * spec.outputs())));
        }
        int[] batch = new int[40];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = r.nextInt(ROWS); // repeats likely
        }
        double[] direction = new double[n];
        for (int i = 0; i < n; i++) {
            direction[i] = 2 * r.nextDouble() - 1;
        }
        try (f;
                Tensor x = backend.allocate("x", dtype, n);
                Tensor v = backend.allocate("v", dtype, n);
                Tensor g = backend.allocate("g", dtype, n);
                Tensor out = backend.allocate("out", dtype, n)) {
            x.copyFrom(TorchInit.initialize(spec, seed));
            v.copyFrom(direction);
            double value = f.valueAndGradient(x, g);
            double[] gradient = g.toDoubleArray();
            double batchValue = f.batchValueAndGradient(x, batch, g);
            double[] batchGradient = g.toDoubleArray();
            f.gaussNewtonVectorProduct(x, v, out);
            double[] gv = out.toDoubleArray();
            f.batchGaussNewtonVectorProduct(x, batch, v, out); // Hessian-free's curvature sample
            boolean classifier = spec.loss() == Loss.CROSS_ENTROPY;
            return new Results(value, gradient, batchValue, batchGradient, gv, out.toDoubleArray(),
                    classifier ? f.loss(x, test) : Double.NaN, classifier ? f.accuracy(x, test) : Double.NaN);
        }
    }

    private static void assertClose(double[] expected, double[] actual, double relative, String what) {
        double largest = 0;
        for (double e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        assertTrue(largest > 0, what + " is all zeros");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * largest, what + " element " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1}: {2} {3}")
    @MethodSource("cases")
    void theObjectiveAgreesWithTheReference(String backendName, DType dtype, Activation activation, Loss loss) {
        Backend backend = BackendsUnderTest.require(backendName);
        NetworkSpec spec = new NetworkSpec(new int[] {7, 13, 9, 4}, activation, loss);
        Results ours = evaluate(backend, dtype, spec, 21);
        Results ref = evaluate(BackendsUnderTest.reference(), dtype, spec, 21);
        double tolerance = dtype == DType.FLOAT64 ? 1e-10 : 2e-3;
        String what = backendName + " " + dtype.label() + " " + spec.describe();
        assertEquals(ref.value(), ours.value(), tolerance * ref.value(), what + ": value");
        assertEquals(ref.batchValue(), ours.batchValue(), tolerance * ref.batchValue(), what + ": batch value");
        assertClose(ref.gradient(), ours.gradient(), tolerance, what + ": gradient");
        assertClose(ref.batchGradient(), ours.batchGradient(), tolerance, what + ": batch gradient");
        assertClose(ref.gv(), ours.gv(), tolerance, what + ": Gauss-Newton product");
        assertClose(ref.batchGv(), ours.batchGv(), tolerance, what + ": mini-batch Gauss-Newton product");
        if (loss == Loss.CROSS_ENTROPY) {
            assertEquals(ref.testLoss(), ours.testLoss(), tolerance * ref.testLoss(), what + ": test loss");
            // A prediction flips only if two logits are within rounding of each other: at most one of 101.
            assertEquals(ref.accuracy(), ours.accuracy(), 1.0 / 101 + 1e-12, what + ": accuracy");
        }
    }

    /**
     * A disc and a ring around it: radius in [0, 0.8] for class 0, [1.2, 2] for class 1, angle uniform —
     * separable by a circle, which no line is, with a gap of 0.4 between the classes.
     */
    private static ClassificationData discAndRing(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * rows];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(2);
            double radius = y[i] == 0 ? 0.8 * r.nextDouble() : 1.2 + 0.8 * r.nextDouble();
            double angle = 2 * Math.PI * r.nextDouble();
            x[2 * i] = (float) (radius * Math.cos(angle));
            x[2 * i + 1] = (float) (radius * Math.sin(angle));
        }
        return new ClassificationData(rows, 2, 2, x, y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void hessianFreeAndAdamTrainAClassifierOnTheBackend(String backendName) {
        // The classes are separated by a gap, so a trained network classifies ≥ 98% of unseen points of
        // the same distribution (they all are, up to the few the 8 tanh units' boundary cuts near the gap).
        Backend backend = BackendsUnderTest.require(backendName);
        NetworkSpec spec = new NetworkSpec(new int[] {2, 8, 2}, Activation.TANH, Loss.CROSS_ENTROPY);
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(spec, discAndRing(200, 1));
                Tensor x = backend.fromArray("x", TorchInit.initialize(spec, 3));
                Tensor y = backend.fromArray("y", TorchInit.initialize(spec, 3))) {
            ClassificationData test = discAndRing(400, 2);
            MinimizeResult hf = Minimizers.create("hf", Stopping.defaults().withMaxIterations(60)).minimize(f, x);
            assertTrue(f.accuracy(x, test) >= 0.98, backendName + " hf: accuracy " + f.accuracy(x, test) + ", " + hf);
            MinimizeResult adam = MiniBatchTraining.of(Adam.defaults().withLr(0.02), 16, 40, 5).minimize(f, y);
            assertTrue(f.accuracy(y, test) >= 0.98, backendName + " adam: accuracy " + f.accuracy(y, test) + ", " + adam);
        }
    }
}

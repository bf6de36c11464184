package dev.descent.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.kernel.Activation;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The network objective on tiny networks in float64 on the reference backend: its value against a
 * plain host forward pass ({@link HostForward}), its gradient against central differences, its
 * Gauss–Newton product against {@code JᵀH_L J} built from a finite-difference Jacobian, mini-batches,
 * chunked passes and bad input.
 */
class MultilayerPerceptronTest {

    static final Backend BACKEND = new ReferenceBackend();

    /** Five examples (chunks of 2 split them 2 + 2 + 1) of 3 features. */
    private static final int M = 5;

    static ClassificationData classes(int rows, int cols, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1);
        }
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(classes);
        }
        return new ClassificationData(rows, cols, classes, x, y);
    }

    static RegressionData targets(int rows, int cols, int outputs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        float[] y = new float[rows * outputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (2 * r.nextDouble() - 1);
        }
        return new RegressionData(rows, cols, outputs, x, y);
    }

    /** The examples of {@code all} (3 features, 3 classes) at {@code batch}, in its order, repeats included. */
    private static ClassificationData picked(ClassificationData all, int[] batch) {
        float[] features = new float[batch.length * 3];
        int[] labels = new int[batch.length];
        for (int b = 0; b < batch.length; b++) {
            System.arraycopy(all.features(), batch[b] * 3, features, b * 3, 3);
            labels[b] = all.labels()[batch[b]];
        }
        return new ClassificationData(batch.length, 3, 3, features, labels);
    }

    /** A 3-4-3 network on 5 examples (3 classes, or 3 targets), its passes in chunks of 2 examples. */
    private static Case tiny(Activation activation, Loss loss) {
        NetworkSpec spec = new NetworkSpec(new int[] {3, 4, 3}, activation, loss);
        return loss == Loss.CROSS_ENTROPY ? new Case(spec, classes(M, 3, 3, 11), null)
                : new Case(spec, null, targets(M, 3, 3, 11));
    }

    /** A network and its data: exactly one of {@code labels}, {@code regression} is set. */
    record Case(NetworkSpec spec, ClassificationData labels, RegressionData regression) {

        MultilayerPerceptron objective(int chunkRows) {
            return labels != null ? MultilayerPerceptron.classifier(spec, labels, chunkRows)
                    : MultilayerPerceptron.regression(spec, regression, chunkRows);
        }

        int rows() {
            return labels != null ? labels.rows() : regression.rows();
        }

        double[] input(int i) {
            return labels != null ? HostForward.row(labels.features(), spec.inputs(), i)
                    : HostForward.row(regression.features(), spec.inputs(), i);
        }

        /** The mean loss computed on the host from the definitions. */
        double hostLoss(double[] x) {
            double sum = 0;
            for (int i = 0; i < rows(); i++) {
                double[] z = HostForward.outputs(spec, x, input(i));
                if (labels != null) {
                    sum += HostForward.crossEntropy(z, labels.labels()[i]);
                } else {
                    for (int j = 0; j < z.length; j++) {
                        double d = z[j] - regression.targets()[i * z.length + j];
                        sum += d * d;
                    }
                }
            }
            return labels != null ? sum / rows() : sum / (rows() * spec.outputs());
        }
    }

    static List<Arguments> activationsAndLosses() {
        return List.of(Arguments.of(Activation.TANH, Loss.CROSS_ENTROPY), Arguments.of(Activation.RELU, Loss.CROSS_ENTROPY),
                Arguments.of(Activation.SIGMOID, Loss.CROSS_ENTROPY), Arguments.of(Activation.TANH, Loss.MSE),
                Arguments.of(Activation.RELU, Loss.MSE), Arguments.of(Activation.SIGMOID, Loss.MSE));
    }

    @ParameterizedTest
    @MethodSource("activationsAndLosses")
    void valueIsTorchsMeanLossAndGradientMatchesCentralDifferences(Activation activation, Loss loss) {
        Case c = tiny(activation, loss);
        double[] x0 = TorchInit.initialize(c.spec(), 3);
        try (MultilayerPerceptron f = c.objective(2);
                Tensor x = BACKEND.fromArray("x", x0);
                Tensor g = BACKEND.allocate("g", DType.FLOAT64, x0.length)) {
            double value = f.valueAndGradient(x, g);
            // Both sum a handful of float64 terms in different orders: agreement to ~1e-15 relative.
            assertEquals(c.hostLoss(x0), value, 1e-13 * Math.abs(value), "value against the host forward pass");
            double[] gradient = g.toDoubleArray();
            // Central differences with h = 1e-6: truncation h²·|f'''|/6 ≈ 1e-12, rounding ≈ u·|f|/h ≈ 1e-10
            // (u = 2⁻⁵³); the tolerance 1e-7 is 1000× that yet far below the gradient entries (≈ 1e-2 … 1).
            // ReLU's kink would break a difference whose step crosses it: with these random inputs no
            // pre-activation lies within 1e-6 of 0.
            double h = 1e-6;
            double largest = 0;
            for (int p = 0; p < x0.length; p++) {
                double[] plus = x0.clone();
                double[] minus = x0.clone();
                plus[p] += h;
                minus[p] -= h;
                double difference = (c.hostLoss(plus) - c.hostLoss(minus)) / (2 * h);
                assertEquals(difference, gradient[p], 1e-7, c.spec().parameterNames().get(parameterTensor(c.spec(), p))
                        + " element " + p);
                largest = Math.max(largest, Math.abs(gradient[p]));
            }
            assertTrue(largest > 1e-2, "a gradient worth checking: max |g| = " + largest);
        }
    }

    @ParameterizedTest
    @MethodSource("activationsAndLosses")
    void gaussNewtonProductIsJacobianTransposeLossHessianJacobian(Activation activation, Loss loss) {
        Case c = tiny(activation, loss);
        NetworkSpec spec = c.spec();
        double[] x0 = TorchInit.initialize(spec, 4);
        int n = x0.length;
        int k = spec.outputs();
        double[] v = new double[n];
        SplittableRandom r = new SplittableRandom(5);
        for (int p = 0; p < n; p++) {
            v[p] = 2 * r.nextDouble() - 1;
        }
        // G·v = Σᵢ Jᵢᵀ·H_i·(Jᵢ·v), Jᵢ the k × n Jacobian of example i's outputs by central differences.
        double[] expected = new double[n];
        double h = 1e-6;
        for (int i = 0; i < c.rows(); i++) {
            double[][] jacobian = HostForward.jacobian(spec, x0, c.input(i), h);
            double[] jv = new double[k];
            for (int j = 0; j < k; j++) {
                for (int p = 0; p < n; p++) {
                    jv[j] += jacobian[j][p] * v[p];
                }
            }
            double[] hjv = new double[k];
            if (loss == Loss.CROSS_ENTROPY) {
                // The Hessian of the mean cross-entropy in example i's logits: (diag p − ppᵀ)/m.
                double[] prob = HostForward.softmax(HostForward.outputs(spec, x0, c.input(i)));
                double pjv = 0;
                for (int j = 0; j < k; j++) {
                    pjv += prob[j] * jv[j];
                }
                for (int j = 0; j < k; j++) {
                    hjv[j] = (prob[j] * jv[j] - prob[j] * pjv) / c.rows();
                }
            } else {
                // The mean of m·k squared errors: Hessian 2/(m·k) times the identity.
                for (int j = 0; j < k; j++) {
                    hjv[j] = 2.0 * jv[j] / (c.rows() * k);
                }
            }
            for (int p = 0; p < n; p++) {
                for (int j = 0; j < k; j++) {
                    expected[p] += jacobian[j][p] * hjv[j];
                }
            }
        }
        try (MultilayerPerceptron f = c.objective(2);
                Tensor x = BACKEND.fromArray("x", x0);
                Tensor direction = BACKEND.fromArray("v", v);
                Tensor out = BACKEND.allocate("Gv", DType.FLOAT64, n)) {
            assertTrue(f.hasGaussNewtonVectorProduct());
            f.gaussNewtonVectorProduct(x, direction, out);
            double[] actual = out.toDoubleArray();
            // The finite-difference Jacobian is good to ≈ 1e-10 per entry (as above); a product of a few
            // dozen such terms stays below 1e-8. A wrong rule (a missing φ', a sum for a mean) is off by
            // far more than the 1e-7 allowed.
            double largest = 0;
            double vGv = 0;
            for (int p = 0; p < n; p++) {
                assertEquals(expected[p], actual[p], 1e-7, "(G·v) element " + p);
                largest = Math.max(largest, Math.abs(actual[p]));
                vGv += v[p] * actual[p];
            }
            assertTrue(largest > 1e-3, "a product worth checking: max |Gv| = " + largest);
            assertTrue(vGv >= 0, "G is positive semidefinite: vᵀGv = " + vGv);
        }
    }

    @Test
    void chunkedPassesGiveTheWholePassesGradient() {
        Case c = tiny(Activation.TANH, Loss.CROSS_ENTROPY);
        double[] x0 = TorchInit.initialize(c.spec(), 6);
        double[][] gradients = new double[3][];
        double[] values = new double[3];
        int[] chunkRows = {1, 2, MultilayerPerceptron.CHUNK_ROWS};
        for (int t = 0; t < chunkRows.length; t++) {
            try (MultilayerPerceptron f = c.objective(chunkRows[t]);
                    Tensor x = BACKEND.fromArray("x", x0);
                    Tensor g = BACKEND.allocate("g", DType.FLOAT64, x0.length)) {
                values[t] = f.valueAndGradient(x, g);
                gradients[t] = g.toDoubleArray();
            }
        }
        // The same terms summed in another grouping: a few ulps of the O(1) entries.
        for (int t = 1; t < 3; t++) {
            assertEquals(values[0], values[t], 1e-14);
            assertArrayEquals(gradients[0], gradients[t], 1e-14);
        }
    }

    @Test
    void aMiniBatchIsTheNetworkOnTheBatchsExamplesRepeatsIncluded() {
        NetworkSpec spec = new NetworkSpec(new int[] {3, 4, 3}, Activation.RELU, Loss.CROSS_ENTROPY);
        ClassificationData all = classes(M, 3, 3, 12);
        int[] batch = {3, 1, 3, 0};
        ClassificationData picked = picked(all, batch);
        double[] x0 = TorchInit.initialize(spec, 8);
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(spec, all);
                MultilayerPerceptron onBatch = MultilayerPerceptron.classifier(spec, picked);
                Tensor x = BACKEND.fromArray("x", x0);
                Tensor g = BACKEND.allocate("g", DType.FLOAT64, x0.length);
                Tensor expected = BACKEND.allocate("expected", DType.FLOAT64, x0.length)) {
            double value = f.batchValueAndGradient(x, batch, g);
            double expectedValue = onBatch.valueAndGradient(x, expected);
            // The same operations on the same numbers (gathered rather than copied from the host).
            assertEquals(expectedValue, value, 0);
            assertArrayEquals(expected.toDoubleArray(), g.toDoubleArray(), 0);
            assertEquals(expectedValue, onBatch.loss(x, picked), 1e-15, "loss(x, data) is the value without the gradient");
        }
    }

    @Test
    void aMiniBatchGaussNewtonProductIsTheNetworksProductOnTheBatchsExamples() {
        // Hessian-free's curvature sample: G_B·v must be the product of the network built on B's rows alone.
        NetworkSpec spec = new NetworkSpec(new int[] {3, 4, 3}, Activation.TANH, Loss.CROSS_ENTROPY);
        ClassificationData all = classes(M, 3, 3, 13);
        int[] batch = {4, 1, 1, 2};
        ClassificationData picked = picked(all, batch);
        double[] x0 = TorchInit.initialize(spec, 9);
        double[] v0 = new double[x0.length];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < v0.length; i++) {
            v0[i] = r.nextDouble() - 0.5;
        }
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(spec, all);
                MultilayerPerceptron onBatch = MultilayerPerceptron.classifier(spec, picked);
                Tensor x = BACKEND.fromArray("x", x0);
                Tensor v = BACKEND.fromArray("v", v0);
                Tensor out = BACKEND.allocate("Gv", DType.FLOAT64, x0.length);
                Tensor expected = BACKEND.allocate("expected", DType.FLOAT64, x0.length)) {
            f.batchGaussNewtonVectorProduct(x, batch, v, out);
            onBatch.gaussNewtonVectorProduct(x, v, expected);
            assertArrayEquals(expected.toDoubleArray(), out.toDoubleArray(), 0, "the same operations on the same numbers");
            f.batchGaussNewtonVectorProduct(x, new int[] {0, 1, 2, 3, 4}, v, out);
            f.gaussNewtonVectorProduct(x, v, expected);
            assertArrayEquals(expected.toDoubleArray(), out.toDoubleArray(), 0, "every example once is the full product");
            assertThrows(IllegalArgumentException.class, () -> f.batchGaussNewtonVectorProduct(x, new int[] {5}, v, out));
            assertThrows(IllegalArgumentException.class, () -> f.batchGaussNewtonVectorProduct(x, new int[0], v, out));
        }
    }

    @Test
    void lossAndAccuracyOnAnotherSetAreComputedOnTheBackend() {
        NetworkSpec spec = new NetworkSpec(new int[] {3, 5, 4}, Activation.SIGMOID, Loss.CROSS_ENTROPY);
        ClassificationData train = classes(M, 3, 4, 13);
        ClassificationData test = classes(23, 3, 4, 14);
        double[] x0 = TorchInit.initialize(spec, 9);
        Case other = new Case(spec, test, null);
        long correct = 0;
        for (int i = 0; i < test.rows(); i++) {
            double[] z = HostForward.outputs(spec, x0, other.input(i));
            int best = 0;
            for (int j = 1; j < z.length; j++) {
                best = z[j] > z[best] ? j : best;
            }
            correct += best == test.labels()[i] ? 1 : 0;
        }
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(spec, train, 4);
                Tensor x = BACKEND.fromArray("x", x0)) {
            assertEquals(other.hostLoss(x0), f.loss(x, test), 1e-14);
            assertEquals((double) correct / test.rows(), f.accuracy(x, test), 0, "counted exactly");
            assertEquals((double) correct / test.rows(), f.accuracy(x, test), 0, "the resident copy is reused");
        }
    }

    @Test
    void parameterViewsAreTheNamedTensorsOfTheFlatVector() {
        Case c = tiny(Activation.TANH, Loss.MSE);
        double[] x0 = TorchInit.initialize(c.spec(), 1);
        Tensor x = BACKEND.fromArray("x", x0); // closed below, to show that the views die with it
        try (MultilayerPerceptron f = c.objective(MultilayerPerceptron.CHUNK_ROWS)) {
            List<Tensor> views = f.parameterViews(x);
            assertEquals(c.spec().parameterNames(), views.stream().map(Tensor::name).toList());
            assertArrayEquals(new long[] {4, 3}, views.get(0).shape());
            assertArrayEquals(new long[] {3}, views.get(3).shape());
            double[] bias2 = views.get(3).toDoubleArray();
            assertArrayEquals(java.util.Arrays.copyOfRange(x0, 28, 31), bias2, 0, "2.bias is the last 3 elements");
            views.get(0).copyFrom(new double[12]);
            assertEquals(0, x.toDoubleArray()[11], 0, "a write through a view is seen in the flat vector");
            x.close();
            assertThrows(IllegalStateException.class, () -> views.get(0).toDoubleArray(), "a view dies with its parent");
        }
    }

    @Test
    void closeReleasesTheResidentDataAndALaterEvaluationRemakesIt() {
        Case c = tiny(Activation.TANH, Loss.CROSS_ENTROPY);
        double[] x0 = TorchInit.initialize(c.spec(), 2);
        MultilayerPerceptron f = c.objective(2);
        try (Tensor x = BACKEND.fromArray("x", x0); Tensor g = BACKEND.allocate("g", DType.FLOAT64, x0.length)) {
            double before = f.valueAndGradient(x, g);
            f.close();
            assertEquals(before, f.valueAndGradient(x, g), 0);
            f.close();
        }
    }

    @Test
    void prepareCopiesTheTrainingExamplesOnceBeforeTheFirstStepAndChangesNoResult() {
        // train calls prepare before its clock starts: the copy of the examples must happen there, once,
        // and the steps after it must be those of a network that copies on its first evaluation.
        NetworkSpec spec = new NetworkSpec(new int[] {30, 8, 3}, Activation.RELU, Loss.CROSS_ENTROPY);
        ClassificationData data = classes(200, 30, 3, 21);
        double[] x0 = TorchInit.initialize(spec, 4);
        int[] batch = {5, 199, 0, 5, 42};
        try (MultilayerPerceptron prepared = MultilayerPerceptron.classifier(spec, data);
                MultilayerPerceptron lazy = MultilayerPerceptron.classifier(spec, data);
                Tensor x = BACKEND.fromArray("x", x0);
                Tensor g = BACKEND.allocate("g", DType.FLOAT64, x0.length);
                Tensor expected = BACKEND.allocate("expected", DType.FLOAT64, x0.length)) {
            long before = dev.descent.backend.HostMemory.counts().heapBytes();
            prepared.prepare(x);
            long copied = dev.descent.backend.HostMemory.counts().heapBytes() - before;
            assertTrue(copied >= 200L * 30 * Double.BYTES, "the examples in x's dtype: " + copied + " bytes");
            long allocations = dev.descent.backend.HostMemory.counts().allocations();
            prepared.prepare(x);
            assertEquals(allocations, dev.descent.backend.HostMemory.counts().allocations(), "a second prepare copies nothing");
            assertEquals(lazy.batchValueAndGradient(x, batch, expected), prepared.batchValueAndGradient(x, batch, g), 0);
            assertArrayEquals(expected.toDoubleArray(), g.toDoubleArray(), 0);
        }
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(spec, data);
                Tensor wrong = BACKEND.allocate("wrong", DType.FLOAT64, 7)) {
            assertThrows(IllegalArgumentException.class, () -> f.prepare(wrong));
        }
    }

    @Test
    void badInputIsRefusedWithAMessageNamingTheProblem() {
        NetworkSpec spec = new NetworkSpec(new int[] {3, 4, 3}, Activation.TANH, Loss.CROSS_ENTROPY);
        ClassificationData data = classes(M, 3, 3, 15);
        assertMessage("the data have 4 features per example but network 3,4,3 tanh cross_entropy has 3 inputs",
                () -> MultilayerPerceptron.classifier(spec, classes(M, 4, 3, 1)));
        assertMessage("the data have 5 classes (labels 0 … 4) but network 3,4,3 tanh cross_entropy has 3 outputs",
                () -> MultilayerPerceptron.classifier(spec, classes(M, 3, 5, 1)));
        assertMessage("a classifier is trained with cross_entropy, not mse",
                () -> MultilayerPerceptron.classifier(new NetworkSpec(new int[] {3, 3}, Activation.TANH, Loss.MSE), data));
        assertMessage("the data have 2 targets per example but network 3,3 tanh mse has 3 outputs",
                () -> MultilayerPerceptron.regression(new NetworkSpec(new int[] {3, 3}, Activation.TANH, Loss.MSE),
                        targets(M, 3, 2, 1)));
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(spec, data);
                Tensor x = BACKEND.fromArray("x", TorchInit.initialize(spec, 0));
                Tensor g = BACKEND.allocate("g", DType.FLOAT64, spec.parameterCount());
                Tensor shortG = BACKEND.allocate("short", DType.FLOAT64, 5)) {
            assertMessage("example index 5 is out of range [0, 5)", () -> f.batchValueAndGradient(x, new int[] {0, 5}, g));
            assertMessage("example index -1 is out of range", () -> f.batchValueAndGradient(x, new int[] {-1}, g));
            assertMessage("a batch needs at least one example", () -> f.batchValueAndGradient(x, new int[0], g));
            assertMessage("gradient tensor 'short' has 5 elements", () -> f.valueAndGradient(x, shortG));
            assertMessage("the data have 4 features per example", () -> f.accuracy(x, classes(3, 4, 3, 2)));
            assertMessage("targets need an mse network", () -> f.loss(x, targets(3, 3, 3, 2)));
            assertMessage("the output tensor 'x' is also the x it reads", () -> f.valueAndGradient(x, x));
            assertMessage("the output tensor 'g' is also the v it reads", () -> f.gaussNewtonVectorProduct(x, g, g));
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in: " + e.getMessage());
    }

    /** The index in {@code parameterNames()} of the tensor holding flat element {@code p}. */
    private static int parameterTensor(NetworkSpec spec, int p) {
        long[] offsets = spec.parameterOffsets();
        int t = 0;
        while (t + 1 < offsets.length && offsets[t + 1] <= p) {
            t++;
        }
        return t;
    }
}

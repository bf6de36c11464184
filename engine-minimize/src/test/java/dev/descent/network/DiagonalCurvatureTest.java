package dev.descent.network;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The network's diagonal curvature (bbprop) in float64 on the reference backend: for one layer it is the
 * exact Gauss–Newton diagonal {@code diag(Σᵢ Jᵢᵀ·H_i·Jᵢ)} (Jacobians by central differences); for deeper
 * networks it is the rule written plainly per example on the host ({@link #hostBbprop}); mini-batches
 * average their examples' estimates, repeats included; every entry is ≥ 0.
 */
class DiagonalCurvatureTest {

    private static final Backend BACKEND = new ReferenceBackend();

    static List<Arguments> activationsAndLosses() {
        return MultilayerPerceptronTest.activationsAndLosses();
    }

    private static MultilayerPerceptron objective(NetworkSpec spec, ClassificationData labels, RegressionData targets,
            int chunkRows) {
        return labels != null ? MultilayerPerceptron.classifier(spec, labels, chunkRows)
                : MultilayerPerceptron.regression(spec, targets, chunkRows);
    }

    @ParameterizedTest
    @MethodSource("activationsAndLosses")
    void oneLayerGivesTheExactGaussNewtonDiagonal(Activation activation, Loss loss) {
        // One linear layer (3 inputs, 4 outputs): a weight reaches one output only, so dropping the
        // cross terms between units changes nothing and bbprop is the Gauss–Newton diagonal itself.
        NetworkSpec spec = new NetworkSpec(new int[] {3, 4}, activation, loss);
        int rows = 6;
        ClassificationData labels = loss == Loss.CROSS_ENTROPY ? MultilayerPerceptronTest.classes(rows, 3, 4, 21) : null;
        RegressionData targets = loss == Loss.MSE ? MultilayerPerceptronTest.targets(rows, 3, 4, 21) : null;
        double[] x0 = TorchInit.initialize(spec, 8);
        int n = x0.length;
        int k = spec.outputs();
        double[] expected = new double[n];
        double h = 1e-6;
        for (int i = 0; i < rows; i++) {
            double[] input = HostForward.row(labels != null ? labels.features() : targets.features(), 3, i);
            double[][] jacobian = HostForward.jacobian(spec, x0, input, h);
            double[][] hessian = lossHessian(spec, x0, input, rows);
            for (int p = 0; p < n; p++) {
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        expected[p] += jacobian[a][p] * hessian[a][b] * jacobian[b][p];
                    }
                }
            }
        }
        try (MultilayerPerceptron f = objective(spec, labels, targets, 4);
                Tensor x = BACKEND.fromArray("x", x0);
                Tensor out = BACKEND.allocate("diag", DType.FLOAT64, n)) {
            assertTrue(f.hasDiagonalCurvature());
            f.diagonalCurvature(x, out);
            double[] actual = out.toDoubleArray();
            // Central differences of a linear map are exact up to roundoff (≈ 1e-10 per Jacobian entry);
            // a wrong rule (p instead of p(1 − p), a missing square, a sum for a mean) is off by ≥ 1e-3.
            for (int p = 0; p < n; p++) {
                assertEquals(expected[p], actual[p], 1e-8, "diagonal element " + p);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("activationsAndLosses")
    void deeperNetworksFollowTheBbpropRuleExampleByExample(Activation activation, Loss loss) {
        NetworkSpec spec = new NetworkSpec(new int[] {3, 5, 4, 3}, activation, loss);
        int rows = 7;
        ClassificationData labels = loss == Loss.CROSS_ENTROPY ? MultilayerPerceptronTest.classes(rows, 3, 3, 31) : null;
        RegressionData targets = loss == Loss.MSE ? MultilayerPerceptronTest.targets(rows, 3, 3, 31) : null;
        double[] x0 = TorchInit.initialize(spec, 9);
        int[] all = {0, 1, 2, 3, 4, 5, 6};
        double[] expected = hostBbprop(spec, x0, labels, targets, all);
        try (MultilayerPerceptron f = objective(spec, labels, targets, 3); // chunks of 3 + 3 + 1
                Tensor x = BACKEND.fromArray("x", x0);
                Tensor out = BACKEND.allocate("diag", DType.FLOAT64, x0.length)) {
            f.diagonalCurvature(x, out);
            double[] actual = out.toDoubleArray();
            double largest = 0;
            for (int p = 0; p < x0.length; p++) {
                // Both sides are float64 sums of a few dozen products: agreement to 1e-12 relative.
                assertEquals(expected[p], actual[p], 1e-12 * Math.max(1, Math.abs(expected[p])), "element " + p);
                assertTrue(actual[p] >= 0, "bbprop's entries are ≥ 0: element " + p + " = " + actual[p]);
                largest = Math.max(largest, actual[p]);
            }
            assertTrue(largest > 1e-3, "a curvature worth checking: max = " + largest);
        }
    }

    @Test
    void aMiniBatchAveragesItsExamplesEstimatesRepeatsIncluded() {
        NetworkSpec spec = new NetworkSpec(new int[] {3, 4, 3}, Activation.TANH, Loss.CROSS_ENTROPY);
        ClassificationData labels = MultilayerPerceptronTest.classes(6, 3, 3, 41);
        double[] x0 = TorchInit.initialize(spec, 2);
        int[] batch = {4, 1, 4, 0};
        double[] expected = hostBbprop(spec, x0, labels, null, batch);
        try (MultilayerPerceptron f = objective(spec, labels, null, 3);
                Tensor x = BACKEND.fromArray("x", x0);
                Tensor out = BACKEND.allocate("diag", DType.FLOAT64, x0.length)) {
            f.batchDiagonalCurvature(x, batch, out);
            double[] actual = out.toDoubleArray();
            for (int p = 0; p < x0.length; p++) {
                assertEquals(expected[p], actual[p], 1e-12 * Math.max(1, Math.abs(expected[p])), "element " + p);
            }
            assertThrows(IllegalArgumentException.class, () -> f.batchDiagonalCurvature(x, new int[] {6}, out));
            assertThrows(IllegalArgumentException.class, () -> f.diagonalCurvature(x, x));
        }
    }

    /** The Hessian of the mean loss with respect to one example's outputs (m examples in the mean). */
    private static double[][] lossHessian(NetworkSpec spec, double[] x, double[] input, int m) {
        int k = spec.outputs();
        double[][] hessian = new double[k][k];
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            double[] p = HostForward.softmax(HostForward.outputs(spec, x, input));
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    hessian[a][b] = ((a == b ? p[a] : 0) - p[a] * p[b]) / m;
                }
            }
        } else {
            for (int a = 0; a < k; a++) {
                hessian[a][a] = 2.0 / ((double) m * k);
            }
        }
        return hessian;
    }

    /**
     * bbprop over the examples {@code batch}, per example on the host: the loss Hessian's diagonal in the
     * outputs ({@code p(1 − p)/m}, or {@code 2/(m·k)}), then back through each layer with every factor
     * squared; the mean over the batch.
     */
    static double[] hostBbprop(NetworkSpec spec, double[] x, ClassificationData labels, RegressionData targets,
            int[] batch) {
        long[] offsets = spec.parameterOffsets();
        double[] sum = new double[x.length];
        int depth = spec.depth();
        for (int example : batch) {
            double[] input = HostForward.row(labels != null ? labels.features() : targets.features(), spec.inputs(),
                    example);
            double[][] h = new double[depth + 1][]; // h[0] the input, h[l + 1] layer l's output
            double[][] z = new double[depth][];
            h[0] = input;
            for (int l = 0; l < depth; l++) {
                int in = spec.width(l);
                int out = spec.width(l + 1);
                z[l] = new double[out];
                h[l + 1] = new double[out];
                for (int j = 0; j < out; j++) {
                    double s = x[(int) offsets[2 * l + 1] + j];
                    for (int i = 0; i < in; i++) {
                        s += x[(int) offsets[2 * l] + j * in + i] * h[l][i];
                    }
                    z[l][j] = s;
                    h[l + 1][j] = HostForward.apply(spec.activationAfter(l), s);
                }
            }
            int k = spec.outputs();
            double[] d = new double[k];
            if (spec.loss() == Loss.CROSS_ENTROPY) {
                double[] p = HostForward.softmax(h[depth]);
                for (int j = 0; j < k; j++) {
                    d[j] = p[j] * (1 - p[j]) / batch.length;
                }
            } else {
                java.util.Arrays.fill(d, 2.0 / ((double) batch.length * k));
            }
            for (int l = depth - 1; l >= 0; l--) {
                int in = spec.width(l);
                int out = spec.width(l + 1);
                for (int j = 0; j < out; j++) {
                    for (int i = 0; i < in; i++) {
                        sum[(int) offsets[2 * l] + j * in + i] += d[j] * h[l][i] * h[l][i];
                    }
                    sum[(int) offsets[2 * l + 1] + j] += d[j];
                }
                if (l > 0) {
                    double[] below = new double[in];
                    for (int i = 0; i < in; i++) {
                        double s = 0;
                        for (int j = 0; j < out; j++) {
                            double w = x[(int) offsets[2 * l] + j * in + i];
                            s += w * w * d[j];
                        }
                        double slope = derivative(spec.activationAfter(l - 1), z[l - 1][i], h[l][i]);
                        below[i] = slope * slope * s;
                    }
                    d = below;
                }
            }
        }
        return sum;
    }

    private static double derivative(Activation a, double z, double h) {
        return switch (a) {
            case IDENTITY -> 1;
            case TANH -> 1 - h * h;
            case RELU -> z > 0 ? 1 : 0;
            case SIGMOID -> h * (1 - h);
        };
    }

    @Test
    void aSaturatedSoftmaxHasAlmostNoCurvature() {
        // The estimate follows the point: at a saturated softmax (huge output weights) p(1 − p) → 0 and
        // the curvature collapses by orders of magnitude, as the Gauss–Newton matrix does.
        NetworkSpec spec = new NetworkSpec(new int[] {2, 3}, Activation.TANH, Loss.CROSS_ENTROPY);
        ClassificationData labels = MultilayerPerceptronTest.classes(4, 2, 3, 51);
        double[] small = TorchInit.initialize(spec, 1);
        double[] large = small.clone();
        SplittableRandom r = new SplittableRandom(3);
        for (int p = 0; p < large.length; p++) {
            large[p] = 200 * (2 * r.nextDouble() - 1);
        }
        try (MultilayerPerceptron f = objective(spec, labels, null, 4);
                Tensor a = BACKEND.fromArray("a", small);
                Tensor b = BACKEND.fromArray("b", large);
                Tensor out = BACKEND.allocate("diag", DType.FLOAT64, small.length)) {
            f.diagonalCurvature(a, out);
            double atStart = java.util.Arrays.stream(out.toDoubleArray()).sum();
            f.diagonalCurvature(b, out);
            double saturated = java.util.Arrays.stream(out.toDoubleArray()).sum();
            assertTrue(saturated < 1e-3 * atStart, "saturated " + saturated + " vs " + atStart);
        }
    }
}

package dev.descent.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.backend.Backend;
import dev.descent.backend.NetworkKernels;
import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The reference network kernels against values computed by hand. Tolerance: the inputs are small
 * integers or halves, so every product and sum is exact in float32 and float64 alike and the results are
 * compared exactly; where a transcendental function enters (tanh, exp, log) the expected value is
 * written with {@link Math} in double and compared within 1 ulp of float32 (6e-8 relative), the one
 * rounding of the dtype.
 */
class ReferenceNetworkKernelsTest {

    private static final double F32_ULP = 0x1p-23;

    private final Backend backend = new ReferenceBackend();
    private final NetworkKernels kernels = backend.networkKernels();

    private Tensor t(String name, DType dtype, double[] values, long... shape) {
        Tensor tensor = backend.allocate(name, dtype, shape.length == 0 ? new long[] {values.length} : shape);
        tensor.copyFrom(values);
        return tensor;
    }

    private static void near(double[] expected, double[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void theThreeProductsAndAccumulation(DType dtype) {
        Tensor a = t("a", dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = t("b", dtype, new double[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Tensor out = t("out", dtype, new double[] {1, 1, 1, 1}, 2, 2);
        kernels.matMulTransposeB(a, b, out, false); // [1,2,3]·[1,0,−1] = −2, [1,2,3]·[2,1,0] = 4, …
        assertArrayEquals(new double[] {-2, 4, -2, 13}, out.toDoubleArray());
        kernels.matMulTransposeB(a, b, out, true);
        assertArrayEquals(new double[] {-4, 8, -4, 26}, out.toDoubleArray());

        Tensor identity = t("i", dtype, new double[] {1, 0, 0, 1}, 2, 2);
        Tensor at = backend.allocate("aᵀ·i", dtype, 3, 2);
        kernels.matMulTransposeA(a, identity, at, false); // aᵀ
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, at.toDoubleArray());

        Tensor c = t("c", dtype, new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
        Tensor ac = t("a·c", dtype, new double[] {10, 20, 30, 40}, 2, 2);
        kernels.matMul(a, c, ac, false); // rows [1+3, 2+3], [4+6, 5+6]
        assertArrayEquals(new double[] {4, 5, 10, 11}, ac.toDoubleArray());
        kernels.matMul(a, c, ac, true);
        assertArrayEquals(new double[] {8, 10, 20, 22}, ac.toDoubleArray());
    }

    @Test
    void aVectorIsAOneColumnMatrix() {
        Tensor a = t("a", DType.FLOAT32, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor ones = t("ones", DType.FLOAT32, new double[] {1, 1, 1});
        Tensor out = backend.allocate("rowSums", DType.FLOAT32, 2);
        kernels.matMul(a, ones, out, false);
        assertArrayEquals(new float[] {6, 15}, out.toFloatArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void biasThenActivationWritesTheSumIntoZ(DType dtype) {
        double[] z0 = {-1, 0, 0.5, 2};
        Tensor bias = t("bias", dtype, new double[] {1, -0.5});
        double[] sums = {0, -0.5, 1.5, 1.5};
        for (Activation act : Activation.values()) {
            Tensor z = t("z", dtype, z0, 2, 2);
            Tensor h = backend.allocate("h", dtype, 2, 2);
            kernels.biasActivation(z, bias, act, h);
            assertArrayEquals(sums, z.toDoubleArray(), act.label());
            double[] expected = switch (act) {
                case IDENTITY -> sums;
                case RELU -> new double[] {0, 0, 1.5, 1.5};
                case TANH -> new double[] {0, Math.tanh(-0.5), Math.tanh(1.5), Math.tanh(1.5)};
                case SIGMOID -> new double[] {0.5, 1 / (1 + Math.exp(0.5)), 1 / (1 + Math.exp(-1.5)),
                    1 / (1 + Math.exp(-1.5))};
            };
            near(expected, h.toDoubleArray(), F32_ULP);
        }
        Tensor z = t("z", dtype, z0, 2, 2);
        kernels.biasActivation(z, bias, Activation.RELU, z); // h may be z
        assertArrayEquals(new double[] {0, 0, 1.5, 1.5}, z.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void activationBackwardFromTheOutput(DType dtype) {
        Tensor h = t("h", dtype, new double[] {0, 2, 0, 0.5});
        Tensor up = t("up", dtype, new double[] {5, 5, Double.POSITIVE_INFINITY, 4});
        Tensor out = backend.allocate("out", dtype, 4);
        kernels.activationBackward(Activation.RELU, h, up, out);
        assertArrayEquals(new double[] {0, 5, 0, 4}, out.toDoubleArray(), "relu' is 0 at 0, even times ∞");
        Tensor finite = t("up", dtype, new double[] {2, 1, 4, 4});
        kernels.activationBackward(Activation.TANH, h, finite, out); // (1 − h²)·u
        assertArrayEquals(new double[] {2, -3, 4, 3}, out.toDoubleArray());
        kernels.activationBackward(Activation.SIGMOID, h, finite, out); // h(1 − h)·u
        assertArrayEquals(new double[] {0, -2, 0, 1}, out.toDoubleArray());
        kernels.activationBackward(Activation.IDENTITY, h, finite, finite); // out may be upstream
        assertArrayEquals(new double[] {2, 1, 4, 4}, finite.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void columnSumsAreBiasGradients(DType dtype) {
        Tensor a = t("a", dtype, new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor out = t("db", dtype, new double[] {1, 1});
        kernels.columnSums(a, out, true);
        assertArrayEquals(new double[] {10, 13}, out.toDoubleArray());
        kernels.columnSums(a, out, false);
        assertArrayEquals(new double[] {9, 12}, out.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void softmaxCrossEntropyValueAndGradient(DType dtype) {
        Tensor logits = t("z", dtype, new double[] {0, 0, 0, 1, 2, 3}, 2, 3);
        Tensor labels = t("y", dtype, new double[] {1, 2});
        Tensor g = backend.allocate("g", dtype, 2, 3);
        double loss = kernels.softmaxCrossEntropy(logits, labels, g, 0.5);
        // row 0: log 3; row 1: log(e + e² + e³) − 3 = log(1 + e⁻¹ + e⁻²)
        double s = 1 + Math.exp(-1) + Math.exp(-2);
        assertEquals(Math.log(3) + Math.log(s), loss, 1e-15);
        near(new double[] {0.5 / 3, 0.5 / 3 - 0.5, 0.5 / 3,
            0.5 * Math.exp(-2) / s, 0.5 * Math.exp(-1) / s, 0.5 * (1 / s - 1)}, g.toDoubleArray(), F32_ULP);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void softmaxCrossEntropyIsStableForLogitsOfAThousand(DType dtype) {
        Tensor logits = t("z", dtype, new double[] {1000, -1000, -1000, 1000}, 2, 2);
        Tensor labels = t("y", dtype, new double[] {0, 0});
        double loss = kernels.softmaxCrossEntropy(logits, labels, logits, 0.5); // gradient may be the logits
        assertEquals(2000, loss, 0, "row 0 is right with certainty (log(1 + e⁻²⁰⁰⁰) = 0), row 1 costs 2000");
        assertArrayEquals(new double[] {0, 0, -0.5, 0.5}, logits.toDoubleArray());
    }

    @Test
    void aLabelOutOfRangeIsReportedWithItsRowAndTouchesNothing() {
        Tensor logits = t("z", DType.FLOAT32, new double[] {0, 0, 0, 0, 0, 0}, 2, 3);
        Tensor g = t("g", DType.FLOAT32, new double[] {7, 7, 7, 7, 7, 7}, 2, 3);
        for (double bad : new double[] {3, -1, 0.5, Double.NaN}) {
            Tensor labels = t("y", DType.FLOAT32, new double[] {2, bad});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.softmaxCrossEntropy(logits, labels, g, 1));
            assertEquals("label " + (double) (float) bad + " in row 1 of 'y' is not a class in 0 … 2", e.getMessage());
        }
        assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7}, g.toFloatArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void softmaxCurvatureProductIsTheCrossEntropyHessianTimesV(DType dtype) {
        Tensor logits = t("z", dtype, new double[] {0, 0, 0, 0, Math.log(2), Math.log(3)}, 2, 3);
        Tensor v = t("v", dtype, new double[] {1, 0, 4, 2, -1, 0}, 2, 3);
        Tensor out = backend.allocate("Hv", dtype, 2, 3);
        kernels.softmaxCurvatureProduct(logits, v, out, 2);
        // row 0: p = ⅓(1,1,1), pᵀv = 5/3, 2·p⊙(v − 5/3) = (−4/9, −10/9, 14/9);
        // row 1: p = (1,2,3)/6, pᵀv = (2 − 2)/6 = 0, 2·p⊙v = (2/3, −2/3, 0). The float32 logits log 2, log 3
        // are rounded (relative 6e-8), moving p by a few float32 ulps: 8 ulps allowed.
        near(new double[] {-4.0 / 9, -10.0 / 9, 14.0 / 9, 2.0 / 3, -2.0 / 3, 0}, out.toDoubleArray(), 8 * F32_ULP);
        kernels.softmaxCurvatureProduct(logits, v, v, 2); // out may be v
        near(out.toDoubleArray(), v.toDoubleArray(), 0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void squaredErrorSumAndGradient(DType dtype) {
        Tensor pred = t("pred", dtype, new double[] {1, 2, 3, 4}, 2, 2);
        Tensor target = t("target", dtype, new double[] {0, 4, 3, 5}, 2, 2);
        assertEquals(6, kernels.squaredError(pred, target, pred, 0.25)); // 1 + 4 + 0 + 1
        assertArrayEquals(new double[] {0.5, -1, 0, -0.5}, pred.toDoubleArray()); // 0.25·2·(p − t)
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void correctPredictionsTakeTheFirstLargest(DType dtype) {
        Tensor logits = t("z", dtype, new double[] {1, 3, 3, 5, 0, 0, 0, 0, 1}, 3, 3);
        assertEquals(2, kernels.correctPredictions(logits, t("y", dtype, new double[] {1, 0, 1})));
        assertEquals(1, kernels.correctPredictions(logits, t("y", dtype, new double[] {2, 0, 1})), "a tie goes to the first");
        assertEquals(3, kernels.correctPredictions(logits, t("y", dtype, new double[] {1, 0, 2})));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void gatherRowsCopiesTheChosenRows(DType dtype) {
        Tensor source = t("x", dtype, new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor out = backend.allocate("batch", dtype, 3, 2);
        kernels.gatherRows(source, new int[] {2, 0, 2}, out);
        assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, out.toDoubleArray());
        Tensor labels = t("labels", dtype, new double[] {7, 8, 9});
        Tensor picked = backend.allocate("picked", dtype, 2);
        kernels.gatherRows(labels, new int[] {1, 2}, picked);
        assertArrayEquals(new double[] {8, 9}, picked.toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernels.gatherRows(source, new int[] {0, 3, 1}, out));
        assertEquals("gatherRows: rows[1] = 3 is outside [0, 3) of 'x'", e.getMessage());
    }

    @Test
    void badShapesDtypesAndAliasesAreRefusedNamingTheTensors() {
        Tensor a = t("a", DType.FLOAT32, new double[6], 2, 3);
        Tensor b = t("b", DType.FLOAT32, new double[8], 2, 4);
        Tensor out = backend.allocate("out", DType.FLOAT32, 2, 2);
        assertEquals("a·bᵀ: 'a' of shape [2, 3], 'b' of shape [2, 4] and 'out' of shape [2, 2] do not fit"
                + " (inner dimensions 3 and 4 differ)",
                assertThrows(IllegalArgumentException.class, () -> kernels.matMulTransposeB(a, b, out, false)).getMessage());
        Tensor wide = backend.allocate("out", DType.FLOAT32, 2, 3);
        assertEquals("a·bᵀ: 'a' of shape [2, 3], 'a' of shape [2, 3] and 'out' of shape [2, 3] do not fit"
                + " (the product is [2, 2])",
                assertThrows(IllegalArgumentException.class, () -> kernels.matMulTransposeB(a, a, wide, false)).getMessage());
        Tensor square = t("s", DType.FLOAT32, new double[4], 2, 2);
        assertEquals("a·b: the output 's' is also an input it reads; pass another tensor",
                assertThrows(IllegalArgumentException.class, () -> kernels.matMul(square, square, square, false)).getMessage());
        Tensor d = backend.allocate("d", DType.FLOAT64, 3, 3);
        assertEquals("dtype mismatch: 'a' is float32 but 'd' is float64",
                assertThrows(IllegalArgumentException.class, () -> kernels.matMulTransposeA(a, a, d, false)).getMessage());
        Tensor cube = backend.allocate("cube", DType.FLOAT32, 2, 2, 2);
        assertEquals("'cube' must be a matrix [rows, cols] (or a vector of n elements, read as [n, 1]), got shape [2, 2, 2]",
                assertThrows(IllegalArgumentException.class, () -> kernels.columnSums(cube, out, false)).getMessage());
        Tensor bias = backend.allocate("bias", DType.FLOAT32, 2);
        assertEquals("biasActivation: bias 'bias' has 2 elements but 'a' of shape [2, 3] has 3 columns",
                assertThrows(IllegalArgumentException.class,
                        () -> kernels.biasActivation(a, bias, Activation.TANH, a)).getMessage());
        Tensor labels = backend.allocate("y", DType.FLOAT32, 3);
        assertEquals("softmaxCrossEntropy: 'y' has 3 labels but 'a' of shape [2, 3] has 2 rows",
                assertThrows(IllegalArgumentException.class,
                        () -> kernels.softmaxCrossEntropy(a, labels, a, 1)).getMessage());
        assertEquals("activationBackward: the output 'a' is also an input it reads; pass another tensor",
                assertThrows(IllegalArgumentException.class,
                        () -> kernels.activationBackward(Activation.RELU, a, wide, a)).getMessage());
    }
}

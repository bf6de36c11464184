package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.Activation;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD network kernels against the reference's, on the same random inputs. Tolerances, and why:
 * <ul>
 *   <li>Products: the SIMD backend sums a product element in the dtype (float32 lanes for float32) in
 *       another order, the reference in double rounded once; each is within {@code γ_{k+1}·(|out| + Σₗ|aᵢₗ||bₗⱼ|)}
 *       of the exact value with {@code u} the dtype's unit roundoff ({@link FloatGemm}), so they are within
 *       twice that of each other, plus the reference's one rounding (an ulp of the dtype).</li>
 *   <li>Element-wise kernels whose arithmetic is the reference's (identity, ReLU, every backward rule,
 *       the squared error's gradient, argmax, gathers) are compared bit for bit; tanh, the sigmoid and the
 *       softmax use the Vector API's {@code tanh}, {@code exp} and {@code log} (within 2 ulps of double,
 *       documented in {@code VectorOperators}), so 4 ulps of double on the result, plus an ulp of float32
 *       when rounded to it.</li>
 *   <li>Sums of many terms (the losses, column sums of many rows): {@code 2γₙ·Σ|termᵢ|} as
 *       {@link RoundingBounds} explains.</li>
 * </ul>
 * The shapes cover one row and one column, sizes that are and are not multiples of the 12 × 8 tile or of a
 * vector, several {@code k} blocks (k ≥ 257), several row blocks (m > 144), an empty sum (k = 0), and
 * the training shapes of a 784-256-10 network.
 */
class NetworkKernelsAgreementTest {

    private static final double U32 = 0x1p-24;
    private static final double U64 = 0x1p-53;

    /** {m, k, n}: the product's rows, terms and columns. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 5}, {3, 1, 17}, {7, 13, 17}, {6, 16, 16}, {12, 16, 8}, {25, 40, 9}, {13, 300, 37}, {200, 513, 33}, {5, 0, 3},
        {128, 784, 256}, {128, 10, 256},
    };

    private final Backend reference = new ReferenceBackend();

    static Stream<Arguments> products() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : SHAPES) {
            for (DType dtype : DType.computed()) {
                for (String form : List.of("a·bᵀ", "aᵀ·b", "a·b")) {
                    cases.add(Arguments.of(form, s[0], s[1], s[2], dtype));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3} {4}")
    @MethodSource("products")
    void productsAgreeWithinTheSumOfMagnitudesBound(String form, int m, int k, int n, DType dtype) {
        Random random = new Random(31L * m + 7L * k + n);
        long[] aShape = form.equals("aᵀ·b") ? new long[] {k, m} : new long[] {m, k};
        long[] bShape = form.equals("a·bᵀ") ? new long[] {n, k} : new long[] {k, n};
        double[] a = values(random, aShape[0] * aShape[1]);
        double[] b = values(random, bShape[0] * bShape[1]);
        double[] before = values(random, (long) m * n);
        for (boolean accumulate : new boolean[] {false, true}) {
            double[] expected = product(reference, form, a, aShape, b, bShape, before, m, n, dtype, accumulate);
            double[] magnitudes = magnitudes(form, a, b, m, k, n);
            for (int threads : new int[] {1, 3}) {
                double[] actual = product(new SimdBackend(threads), form, a, aShape, b, bShape, before, m, n, dtype,
                        accumulate);
                double u = dtype == DType.FLOAT32 ? U32 : U64;
                for (int e = 0; e < expected.length; e++) {
                    double bound = 2 * gamma(k + 1, u) * ((accumulate ? Math.abs(before[e]) : 0) + magnitudes[e]);
                    assertEquals(expected[e], actual[e], RoundingBounds.rounded(bound, expected[e], dtype),
                            form + " element " + e + ", accumulate " + accumulate + ", threads " + threads);
                }
            }
        }
    }

    @Test
    void theProductDoesNotDependOnTheThreadCount() {
        Random random = new Random(5);
        double[] a = values(random, 300L * 700);
        double[] b = values(random, 700L * 250);
        double[] none = new double[300 * 250];
        long[] aShape = {300, 700};
        long[] bShape = {700, 250};
        double[] one = product(new SimdBackend(1), "a·b", a, aShape, b, bShape, none, 300, 250, DType.FLOAT32, false);
        for (int threads : new int[] {2, 3, 8}) {
            assertArrayEquals(one, product(new SimdBackend(threads), "a·b", a, aShape, b, bShape, none, 300, 250,
                    DType.FLOAT32, false), threads + " threads");
        }
    }

    static Stream<Arguments> activations() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation activation : Activation.values()) {
            for (DType dtype : DType.computed()) {
                for (int[] shape : new int[][] {{1, 1}, {3, 5}, {17, 33}, {128, 256}, {600, 250}}) {
                    cases.add(Arguments.of(activation, dtype, shape[0], shape[1]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}×{3}")
    @MethodSource("activations")
    void biasActivationAndItsBackwardPassAgree(Activation activation, DType dtype, int m, int n) {
        Random random = new Random(m * 1000L + n);
        double[] z = values(random, (long) m * n);
        z[0] = 0; // relu' is 0 at 0
        double[] bias = values(random, n);
        bias[0] = 0;
        double[] upstream = values(random, (long) m * n);
        Backend simd = new SimdBackend(2);
        double[][] expected = layer(reference, activation, dtype, z, bias, upstream, m, n);
        double[][] actual = layer(simd, activation, dtype, z, bias, upstream, m, n);
        boolean exact = activation == Activation.IDENTITY || activation == Activation.RELU;
        assertArrayEquals(expected[0], actual[0], "z + bias, bit for bit");
        for (int e = 0; e < expected[1].length; e++) {
            double tolerance = exact ? 0 : transcendental(expected[1][e], dtype);
            assertEquals(expected[1][e], actual[1][e], tolerance, "φ(z) element " + e);
        }
        // The backward pass from the same h: the reference's arithmetic, so bit for bit.
        double[] h = expected[1];
        assertArrayEquals(backward(reference, activation, dtype, h, upstream, m, n),
                backward(simd, activation, dtype, h, upstream, m, n), "φ'·upstream");
    }

    static Stream<Arguments> rowShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : DType.computed()) {
            for (int[] shape : new int[][] {{1, 1}, {1, 10}, {7, 3}, {128, 10}, {33, 17}, {9000, 10}}) {
                cases.add(Arguments.of(dtype, shape[0], shape[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("rowShapes")
    void lossesCurvatureColumnSumsPredictionsAndGathersAgree(DType dtype, int m, int k) {
        Random random = new Random(m * 100L + k);
        double[] logits = values(random, (long) m * k);
        for (int e = 0; e < logits.length; e += 7) {
            logits[e] *= 300; // large logits: the shift by the row maximum keeps exp finite
        }
        double[] labels = new double[m];
        for (int i = 0; i < m; i++) {
            labels[i] = random.nextInt(k);
        }
        double[] v = values(random, (long) m * k);
        double scale = 1.0 / m;
        Backend simd = new SimdBackend(2);
        try (Tensor rz = t(reference, "z", dtype, logits, m, k); Tensor sz = t(simd, "z", dtype, logits, m, k);
                Tensor ry = t(reference, "y", dtype, labels, m); Tensor sy = t(simd, "y", dtype, labels, m);
                Tensor rg = reference.allocate("g", dtype, m, k); Tensor sg = simd.allocate("g", dtype, m, k);
                Tensor rv = t(reference, "v", dtype, v, m, k); Tensor sv = t(simd, "v", dtype, v, m, k)) {
            double expectedLoss = reference.networkKernels().softmaxCrossEntropy(rz, ry, rg, scale);
            double actualLoss = simd.networkKernels().softmaxCrossEntropy(sz, sy, sg, scale);
            // Each row's loss is log Σ e^(z − max) − (z_y − max): a few ulps of double on each part.
            double magnitude = 0;
            for (int i = 0; i < m; i++) {
                magnitude += Math.abs(rowMax(logits, i, k)) + Math.abs(logits[i * k + (int) labels[i]]) + Math.log(k);
            }
            assertEquals(expectedLoss, actualLoss, 2 * gamma(m + k + 8, U64) * magnitude, "loss");
            near(rg.toDoubleArray(), sg.toDoubleArray(), 16 * U64 * scale, dtype, "CE gradient");

            reference.networkKernels().softmaxCurvatureProduct(rz, rv, rg, scale);
            simd.networkKernels().softmaxCurvatureProduct(sz, sv, sg, scale);
            // p ⊙ (v − pᵀv): p within 4 ulps, pᵀv within 2γₖ·Σ|pⱼvⱼ| ≤ 2γₖ·max|v|, so |scale|·(4u + 2γₖ + …)·max|v|.
            near(rg.toDoubleArray(), sg.toDoubleArray(), (8 * U64 + 2 * gamma(k, U64)) * scale * 2 * maxAbs(v), dtype,
                    "curvature product");

            try (Tensor rs = reference.allocate("s", dtype, k); Tensor ss = simd.allocate("s", dtype, k)) {
                double[] start = values(random, k);
                rs.copyFrom(start);
                ss.copyFrom(start);
                reference.networkKernels().columnSums(rv, rs, true);
                simd.networkKernels().columnSums(sv, ss, true);
                near(rs.toDoubleArray(), ss.toDoubleArray(), 2 * gamma(m + 1, U64) * (m + 1), dtype, "column sums");
            }
            assertEquals(reference.networkKernels().correctPredictions(rz, ry),
                    simd.networkKernels().correctPredictions(sz, sy), "correct predictions");

            double expectedSquares = reference.networkKernels().squaredError(rz, rv, rg, scale);
            double actualSquares = simd.networkKernels().squaredError(sz, sv, sg, scale);
            assertArrayEquals(rg.toDoubleArray(), sg.toDoubleArray(), "squared error gradient, bit for bit");
            assertEquals(expectedSquares, actualSquares, 2 * gamma((long) m * k, U64) * expectedSquares,
                    "squared error");

            int[] rows = new int[Math.max(1, m / 2) + 2];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = random.nextInt(m);
            }
            try (Tensor ro = reference.allocate("o", dtype, rows.length, k);
                    Tensor so = simd.allocate("o", dtype, rows.length, k)) {
                reference.networkKernels().gatherRows(rz, rows, ro);
                simd.networkKernels().gatherRows(sz, rows, so);
                assertArrayEquals(ro.toDoubleArray(), so.toDoubleArray(), "gathered rows");
            }
        }
    }

    @Test
    void badCallsAreRefusedWithTheSharedMessages() {
        Backend simd = new SimdBackend(1);
        try (Tensor a = simd.allocate("a", DType.FLOAT32, 4, 3); Tensor b = simd.allocate("b", DType.FLOAT32, 5, 2);
                Tensor out = simd.allocate("out", DType.FLOAT32, 4, 5); Tensor y = simd.allocate("y", DType.FLOAT32, 4);
                Tensor g = simd.allocate("g", DType.FLOAT32, 4, 3); Tensor o = simd.allocate("o", DType.FLOAT32, 2, 3);
                Tensor sums = simd.allocate("sums", DType.FLOAT32, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> simd.networkKernels().matMulTransposeB(a, b, out, false));
            assertTrue(e.getMessage().contains("inner dimensions 3 and 2"), e.getMessage());
            y.copyFrom(new float[] {0, 1, 3, 2});
            e = assertThrows(IllegalArgumentException.class,
                    () -> simd.networkKernels().softmaxCrossEntropy(a, y, g, 1));
            assertTrue(e.getMessage().contains("row 2"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> simd.networkKernels().gatherRows(a, new int[] {0, 4}, o));
            a.close();
            assertThrows(IllegalStateException.class, () -> simd.networkKernels().columnSums(a, sums, false));
        }
    }

    // ---- helpers

    private static double gamma(long n, double u) {
        return n * u / (1 - n * u);
    }

    /** A tolerance for a tanh or sigmoid output: 4 ulps of double, plus the ulp of rounding to float32. */
    private static double transcendental(double value, DType dtype) {
        double bound = 4 * Math.ulp(Math.max(Math.abs(value), Double.MIN_NORMAL));
        return RoundingBounds.rounded(bound, value, dtype);
    }

    private static void near(double[] expected, double[] actual, double bound, DType dtype, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int e = 0; e < expected.length; e++) {
            double tolerance = RoundingBounds.rounded(bound + 4 * Math.ulp(expected[e]), expected[e], dtype);
            assertEquals(expected[e], actual[e], tolerance, what + " element " + e);
        }
    }

    private static double[] values(Random random, long n) {
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() * 2 - 1;
        }
        return v;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    private static double rowMax(double[] z, int i, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[i * k + j]);
        }
        return max;
    }

    private static Tensor t(Backend backend, String name, DType dtype, double[] values, long... shape) {
        Tensor tensor = backend.allocate(name, dtype, shape);
        tensor.copyFrom(values);
        return tensor;
    }

    /** {@code Σₗ |A(i, l)|·|B(l, j)|} for each element of the product, from the values as given (before rounding). */
    private static double[] magnitudes(String form, double[] a, double[] b, int m, int k, int n) {
        double[] s = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int l = 0; l < k; l++) {
                    double ail = form.equals("aᵀ·b") ? a[l * m + i] : a[i * k + l];
                    double blj = form.equals("a·bᵀ") ? b[j * k + l] : b[l * n + j];
                    sum += Math.abs(ail * blj);
                }
                s[i * n + j] = sum;
            }
        }
        return s;
    }

    private static double[] product(Backend backend, String form, double[] a, long[] aShape, double[] b,
            long[] bShape, double[] before, int m, int n, DType dtype, boolean accumulate) {
        try (Tensor ta = t(backend, "a", dtype, a, aShape); Tensor tb = t(backend, "b", dtype, b, bShape);
                Tensor out = t(backend, "out", dtype, before, m, n)) {
            switch (form) {
                case "a·bᵀ" -> backend.networkKernels().matMulTransposeB(ta, tb, out, accumulate);
                case "aᵀ·b" -> backend.networkKernels().matMulTransposeA(ta, tb, out, accumulate);
                default -> backend.networkKernels().matMul(ta, tb, out, accumulate);
            }
            return out.toDoubleArray();
        }
    }

    private static double[][] layer(Backend backend, Activation activation, DType dtype, double[] z, double[] bias,
            double[] upstream, int m, int n) {
        try (Tensor tz = t(backend, "z", dtype, z, m, n); Tensor tb = t(backend, "bias", dtype, bias, n);
                Tensor th = backend.allocate("h", dtype, m, n)) {
            backend.networkKernels().biasActivation(tz, tb, activation, th);
            return new double[][] {tz.toDoubleArray(), th.toDoubleArray()};
        }
    }

    private static double[] backward(Backend backend, Activation activation, DType dtype, double[] h,
            double[] upstream, int m, int n) {
        try (Tensor th = t(backend, "h", dtype, h, m, n); Tensor tu = t(backend, "u", dtype, upstream, m, n);
                Tensor out = backend.allocate("out", dtype, m, n)) {
            backend.networkKernels().activationBackward(activation, th, tu, out);
            return out.toDoubleArray();
        }
    }
}

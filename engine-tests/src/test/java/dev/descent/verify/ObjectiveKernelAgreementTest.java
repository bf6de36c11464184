package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.backend.Backend;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multi-tensor vector operations ({@code dots}, {@code linearCombination}) and the objective
 * kernels (matrix–vector products, extended Rosenbrock, logistic loss) on every non-reference backend
 * against the reference, float32 and float64, over sizes around the vector widths and odd large sizes
 * (100 003 and 300 007 cross the SIMD backend's threading threshold), and matrices that are empty,
 * thin, tall and wide. Unavailable backends (CUDA without a GPU) are skipped with their reason.
 *
 * <p>Tolerances. The arithmetic rule of {@code ObjectiveKernels} fixes each output as double
 * operations on the widened inputs, rounded once, but leaves the order of a sum to the backend. So,
 * with {@code u = 2⁻⁵³} and {@code γₙ = n·u/(1 − n·u)} (any order of a sum of {@code n} terms is
 * within {@code γₙ·Σ|termᵢ|} of the exact sum, Higham §3.1), and an ulp of float32 more where two
 * doubles may round to neighbouring floats:
 * <ul>
 *   <li>Sums, on every backend: {@code dots} within {@code 2γₙ·Σ|aᵢbᵢ|}; each output of
 *       {@code A·x} within {@code 2γₙ·Σⱼ|Aᵢⱼxⱼ|}, of {@code Aᵀ·v} within {@code 2γₘ·Σᵢ|Aᵢⱼvᵢ|}; the
 *       Rosenbrock value, a sum of positive terms, within {@code 2γ_{n/2}·f}. A bound relative to the
 *       result would not be sound: dot products cancel.
 *   <li>Elementwise results in double (linear combinations, Rosenbrock gradients, curvature products,
 *       Gauss–Newton diagonals): the SIMD and CUDA backends evaluate the reference's operations in
 *       its order without fused multiply-adds (CUDA builds with {@code -fmad=false}), so they must
 *       agree bit for bit; any other backend is held to the trace tolerance (rtol 1e-5, atol 1e-6).
 *   <li>Logistic residuals and curvatures go through {@code exp} and {@code log1p}, which each
 *       backend takes from its own library ({@code Math}, the Vector API, fdlibm on CUDA), each within
 *       1 ulp of the exact value: within 4 ulps of float64, 1 of float32; the loss, a sum of positive
 *       terms each that close, within {@code (2γₙ + 8u)·Σℓ}.
 * </ul>
 */
class ObjectiveKernelAgreementTest {

    private static final int[] SIZES = {0, 1, 7, 16, 17, 1000, 4099, 100_003, 300_007};
    private static final int[][] SHAPES = {{0, 5}, {5, 0}, {1, 1}, {3, 7}, {17, 33}, {7, 40_000}, {40_000, 7},
            {300, 1500}};
    private static final Set<String> BITWISE_BACKENDS = Set.of("simd", "cuda");
    private static final double U = 0x1p-53;

    private final List<Tensor> open = new ArrayList<>();

    static Stream<Arguments> sizes() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> Stream.of(DType.FLOAT32, DType.FLOAT64)
                .flatMap(dtype -> Arrays.stream(SIZES).mapToObj(n -> Arguments.of(b, dtype, n))));
    }

    static Stream<Arguments> shapes() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> Stream.of(DType.FLOAT32, DType.FLOAT64)
                .flatMap(dtype -> Arrays.stream(SHAPES).map(s -> Arguments.of(b, dtype, s[0], s[1]))));
    }

    @AfterEach
    void closeTensors() {
        open.forEach(Tensor::close);
        open.clear();
    }

    // ---- dots and linearCombination ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1}[{2}]")
    @MethodSource("sizes")
    void dotsAndLinearCombinationAgreeWithTheReference(String backendName, DType dtype, int n) {
        Backend backend = BackendsUnderTest.require(backendName);
        Backend reference = BackendsUnderTest.reference();
        String what = backendName + " " + dtype.label() + "[" + n + "]";
        int count = 6;
        double[][] values = new double[count][];
        Tensor[] r = new Tensor[count];
        Tensor[] t = new Tensor[count];
        for (int k = 0; k < count; k++) {
            values[k] = gaussians(n, 1, 100 + k, dtype);
            r[k] = tensor(reference, "t" + k, dtype, values[k]);
            t[k] = tensor(backend, "t" + k, dtype, values[k]);
        }
        // a tensor on both sides and twice on one, as an L-BFGS history's Gram products have them
        int[] left = {0, 1, 2};
        int[] right = {3, 4, 5, 2, 2};
        double[] out = new double[left.length * right.length];
        backend.vectorOps().dots(pick(t, left), pick(t, right), out);
        for (int i = 0; i < left.length; i++) {
            for (int j = 0; j < right.length; j++) {
                double magnitudes = 0;
                for (int k = 0; k < n; k++) {
                    magnitudes += Math.abs(values[left[i]][k] * values[right[j]][k]);
                }
                double expected = reference.vectorOps().dot(r[left[i]], r[right[j]]);
                double actual = out[i * right.length + j];
                double bound = 2 * gamma(n) * magnitudes;
                assertTrue(Math.abs(actual - expected) <= bound, "dots " + what + " (" + i + ", " + j + "): " + actual
                        + " vs reference " + expected + ", bound " + bound);
            }
        }

        double[] c = {0.75, -1.5, 0, 2.25, -0.125};
        Tensor[] rTerms = pick(r, 0, 1, 2, 3, 4);
        Tensor[] tTerms = pick(t, 0, 1, 2, 3, 4);
        reference.vectorOps().linearCombination(c, rTerms, r[5]);
        backend.vectorOps().linearCombination(c, tTerms, t[5]);
        assertElementwise(backendName, r[5], t[5], "linearCombination " + what);
        reference.vectorOps().linearCombination(c, rTerms, r[2]); // into one of its terms
        backend.vectorOps().linearCombination(c, tTerms, t[2]);
        assertElementwise(backendName, r[2], t[2], "linearCombination into a term " + what);
    }

    // ---- matrix–vector products --------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1}[{2}×{3}]")
    @MethodSource("shapes")
    void matrixVectorProductsAgreeWithTheReference(String backendName, DType dtype, int rows, int cols) {
        Backend backend = BackendsUnderTest.require(backendName);
        Backend reference = BackendsUnderTest.reference();
        String what = backendName + " " + dtype.label() + "[" + rows + "×" + cols + "]";
        double[] a = gaussians(rows * cols, 1, 1, dtype);
        double[] x = gaussians(cols, 1, 2, dtype);
        double[] v = gaussians(rows, 1, 3, dtype);
        Tensor ra = tensor(reference, "A", dtype, a, rows, cols);
        Tensor ta = tensor(backend, "A", dtype, a, rows, cols);

        Tensor rOut = tensor(reference, "Ax", dtype, new double[rows]);
        Tensor tOut = tensor(backend, "Ax", dtype, new double[rows]);
        reference.objectiveKernels().matVec(ra, tensor(reference, "x", dtype, x), rOut);
        backend.objectiveKernels().matVec(ta, tensor(backend, "x", dtype, x), tOut);
        double[] expected = rOut.toDoubleArray();
        double[] actual = tOut.toDoubleArray();
        for (int i = 0; i < rows; i++) {
            double magnitudes = 0;
            for (int j = 0; j < cols; j++) {
                magnitudes += Math.abs(a[i * cols + j] * x[j]);
            }
            assertWithinSumBound(expected[i], actual[i], cols, magnitudes, dtype, "A·x " + what + " row " + i);
        }

        Tensor rOutT = tensor(reference, "Aᵀv", dtype, new double[cols]);
        Tensor tOutT = tensor(backend, "Aᵀv", dtype, new double[cols]);
        reference.objectiveKernels().matTransposeVec(ra, tensor(reference, "v", dtype, v), rOutT);
        backend.objectiveKernels().matTransposeVec(ta, tensor(backend, "v", dtype, v), tOutT);
        expected = rOutT.toDoubleArray();
        actual = tOutT.toDoubleArray();
        for (int j = 0; j < cols; j++) {
            double magnitudes = 0;
            for (int i = 0; i < rows; i++) {
                magnitudes += Math.abs(a[i * cols + j] * v[i]);
            }
            assertWithinSumBound(expected[j], actual[j], rows, magnitudes, dtype, "Aᵀ·v " + what + " column " + j);
        }
    }

    // ---- Rosenbrock --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1}[{2}]")
    @MethodSource("sizes")
    void rosenbrockKernelsAgreeWithTheReference(String backendName, DType dtype, int size) {
        Backend backend = BackendsUnderTest.require(backendName);
        Backend reference = BackendsUnderTest.reference();
        int n = Math.max(2, size + size % 2); // the Rosenbrock function pairs its variables
        String what = backendName + " " + dtype.label() + "[" + n + "]";
        double[] x = gaussians(n, 1.5, 5, dtype);
        double[] v = gaussians(n, 1, 6, dtype);
        Tensor rx = tensor(reference, "x", dtype, x);
        Tensor tx = tensor(backend, "x", dtype, x);
        Tensor rg = tensor(reference, "g", dtype, new double[n]);
        Tensor tg = tensor(backend, "g", dtype, new double[n]);
        double expected = reference.objectiveKernels().rosenbrock(rx, rg);
        double actual = backend.objectiveKernels().rosenbrock(tx, tg);
        double bound = 2 * gamma(n / 2) * expected; // positive terms: Σ|term| = f
        assertTrue(Math.abs(actual - expected) <= bound,
                "Rosenbrock value " + what + ": " + actual + " vs reference " + expected + ", bound " + bound);
        assertElementwise(backendName, rg, tg, "Rosenbrock gradient " + what);

        Tensor rv = tensor(reference, "v", dtype, v);
        Tensor tv = tensor(backend, "v", dtype, v);
        for (RosenbrockCurvature curvature : RosenbrockCurvature.values()) {
            Tensor rOut = tensor(reference, "Cv", dtype, new double[n]);
            Tensor tOut = tensor(backend, "Cv", dtype, new double[n]);
            reference.objectiveKernels().rosenbrockCurvatureVector(curvature, rx, rv, rOut);
            backend.objectiveKernels().rosenbrockCurvatureVector(curvature, tx, tv, tOut);
            assertElementwise(backendName, rOut, tOut, curvature + " product " + what);
        }
        Tensor rDiag = tensor(reference, "d", dtype, new double[n]);
        Tensor tDiag = tensor(backend, "d", dtype, new double[n]);
        reference.objectiveKernels().rosenbrockGaussNewtonDiagonal(rx, rDiag);
        backend.objectiveKernels().rosenbrockGaussNewtonDiagonal(tx, tDiag);
        assertElementwise(backendName, rDiag, tDiag, "Gauss–Newton diagonal " + what);
    }

    // ---- logistic loss -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1}[{2}]")
    @MethodSource("sizes")
    void logisticKernelsAgreeWithTheReference(String backendName, DType dtype, int n) {
        Backend backend = BackendsUnderTest.require(backendName);
        Backend reference = BackendsUnderTest.reference();
        String what = backendName + " " + dtype.label() + "[" + n + "]";
        double[] z = gaussians(n, 8, 7, dtype); // |t| up to ~40: e^−|t| from 1 down to 1e-17
        if (n >= 2) {
            z[0] = 800; // e^−|t| underflows to 0: σ saturates
            z[n - 1] = -800;
        }
        Random random = new Random(8);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextBoolean() ? 1 : -1;
        }
        Tensor rz = tensor(reference, "z", dtype, z);
        Tensor tz = tensor(backend, "z", dtype, z);
        Tensor rRes = tensor(reference, "r", dtype, new double[n]);
        Tensor tRes = tensor(backend, "r", dtype, new double[n]);
        double expected = reference.objectiveKernels().logisticLoss(rz, tensor(reference, "y", dtype, y), rRes);
        double actual = backend.objectiveKernels().logisticLoss(tz, tensor(backend, "y", dtype, y), tRes);
        double bound = (2 * gamma(n) + 8 * U) * expected; // every loss is ≥ 0
        assertTrue(Math.abs(actual - expected) <= bound,
                "logistic loss " + what + ": " + actual + " vs reference " + expected + ", bound " + bound);
        assertWithinUlps(rRes, tRes, dtype, "logistic residual " + what);

        Tensor rw = tensor(reference, "w", dtype, new double[n]);
        Tensor tw = tensor(backend, "w", dtype, new double[n]);
        reference.objectiveKernels().logisticCurvature(rz, rw);
        backend.objectiveKernels().logisticCurvature(tz, tw);
        assertWithinUlps(rw, tw, dtype, "logistic curvature " + what);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static double gamma(long n) {
        return n * U / (1 - n * U);
    }

    /** Seeded Gaussians times {@code scale}, as the dtype holds them. */
    private static double[] gaussians(int n, double scale, long seed, DType dtype) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x = scale * random.nextGaussian();
            v[i] = dtype == DType.FLOAT32 ? (float) x : x;
        }
        return v;
    }

    private Tensor tensor(Backend backend, String name, DType dtype, double[] values, long... shape) {
        Tensor t = backend.allocate(name, dtype, shape.length == 0 ? new long[] {values.length} : shape);
        t.copyFrom(values);
        open.add(t);
        return t;
    }

    private static Tensor[] pick(Tensor[] ts, int... picks) {
        return Arrays.stream(picks).mapToObj(k -> ts[k]).toArray(Tensor[]::new);
    }

    /** Bit for bit on the backends that promise it, else within the trace tolerance. */
    private static void assertElementwise(String backendName, Tensor expected, Tensor actual, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        boolean bitwise = BITWISE_BACKENDS.contains(backendName);
        for (int i = 0; i < e.length; i++) {
            boolean agrees = bitwise
                    ? Double.doubleToLongBits(e[i]) == Double.doubleToLongBits(a[i])
                    : NormalizedError.of(a[i], e[i], VerifySuite.RTOL, VerifySuite.ATOL) <= 1;
            if (!agrees) {
                fail(what + (bitwise ? " must equal the reference bit for bit" : "") + ": element " + i + " is "
                        + a[i] + ", reference " + e[i]);
            }
        }
    }

    /** Within {@code 2γₙ·Σ|termᵢ|}, and one ulp more for float32 (two doubles that close may round apart). */
    private static void assertWithinSumBound(double expected, double actual, long n, double magnitudes, DType dtype,
            String what) {
        double bound = 2 * gamma(n) * magnitudes;
        if (dtype == DType.FLOAT32) {
            bound += Math.ulp((float) (Math.abs(expected) + bound));
        }
        assertTrue(Math.abs(actual - expected) <= bound,
                what + ": " + actual + " vs reference " + expected + ", bound " + bound);
    }

    /** Every element within 4 ulps (float64) or 1 ulp (float32) of the reference's. */
    private static void assertWithinUlps(Tensor expected, Tensor actual, DType dtype, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double bound = dtype == DType.FLOAT32 ? Math.ulp((float) e[i]) : 4 * Math.ulp(e[i]);
            if (!(Math.abs(a[i] - e[i]) <= bound)) {
                fail(what + ": element " + i + " is " + a[i] + ", reference " + e[i] + ", bound " + bound);
            }
        }
    }
}

package dev.descent.cuda;

import static dev.descent.cuda.KernelAgreement.REFERENCE;
import static dev.descent.cuda.KernelAgreement.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.NetworkKernels;
import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The comparisons that hold a CUDA backend's network kernels (on the emulator or on a GPU) to the
 * reference's. Each check states its tolerance:
 * <ul>
 * <li>the GEMMs: the CUDA product is a chain of {@code k} fused multiply-adds in the dtype, plus one
 *     addition when accumulating, so within {@code γ_{k+1}·(Σₗ|aᵢₗbₗⱼ| + |outᵢⱼ|)} of the exact result
 *     (Higham, Accuracy and Stability of Numerical Algorithms, §3.1, with the dtype's unit roundoff); the
 *     reference sums in double ({@code γ_k} with {@code u = 2⁻⁵³}) and rounds once to the dtype (one more
 *     {@code u} of the dtype): their difference is bounded by the sum of the two;</li>
 * <li>what both compute by the same double operations in the same order (bias addition, identity and
 *     relu, the activations' derivatives, column sums, the squared-error gradient, gathered rows, the
 *     count of correct predictions): bit for bit;</li>
 * <li>where the reference calls {@code Math.exp}, {@code Math.log} or {@code Math.tanh} and CUDA
 *     StrictMath's {@code exp} and {@code log1p} (tanh through Kahan's expm1): each within one ulp of the
 *     exact value, so the double results differ by a few ulps, stated per kernel; a float32 result by at
 *     most one float ulp (both round a double within a few double ulps of each other once);</li>
 * <li>the losses returned: the per-row (per-element) terms as above, summed in another order, within
 *     {@code (γ_d + γ_m)·Σ|termᵢ|} more ({@code d} {@link ReductionPlan#roundingDepth}).</li>
 * </ul>
 */
final class NetworkAgreement {

    /** The three products, by the letters of their kernels. */
    enum Product { NT, TN, NN }

    /** The unit roundoff of double. */
    private static final double U = 0x1p-53;

    /**
     * How many double ulps apart a tanh or sigmoid value may be: Math's and StrictMath's exp and tanh are
     * each within 1 ulp of the exact value; Kahan's expm1 adds at most 3 ulps (u − 1 exact, one division,
     * one multiplication, log1p's ulp), and {@code −e/(e + 2)} two roundings: 8 leaves a margin.
     */
    static final int ACTIVATION_ULPS = 8;

    private NetworkAgreement() {
    }

    /** Every dtype, product and {@code {m, n, k}} of {@code shapes}. */
    static Stream<Arguments> gemmCases(int[][] shapes) {
        List<Arguments> all = new ArrayList<>();
        for (DType d : DType.computed()) {
            for (Product p : Product.values()) {
                for (int[] s : shapes) {
                    all.add(Arguments.of(d, p, s[0], s[1], s[2]));
                }
            }
        }
        return all.stream();
    }

    /** Every dtype, activation and {@code {rows, cols}} of {@code shapes}. */
    static Stream<Arguments> activationCases(int[][] shapes) {
        List<Arguments> all = new ArrayList<>();
        for (DType d : DType.computed()) {
            for (Activation a : Activation.values()) {
                for (int[] s : shapes) {
                    all.add(Arguments.of(d, a, s[0], s[1]));
                }
            }
        }
        return all.stream();
    }

    /** Every dtype and {@code {rows, cols}} of {@code shapes}. */
    static Stream<Arguments> shapeCases(int[][] shapes) {
        return DType.computed().stream().flatMap(d -> Stream.of(shapes).map(s -> Arguments.of(d, s[0], s[1])));
    }

    /**
     * One product of an {@code m × n} result with {@code k} terms, from zero and accumulated onto a
     * non-zero output, within the bound stated in the class comment; the CUDA result is also the same
     * when computed twice (deterministic).
     */
    static void assertGemmAgrees(Backend cuda, DType dtype, Product product, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(31L * m + 17L * n + k + 7L * product.ordinal() + dtype.ordinal());
        long[] aShape = product == Product.TN ? new long[] {k, m} : new long[] {m, k};
        long[] bShape = product == Product.NT ? new long[] {n, k} : new long[] {k, n};
        double[] a = KernelAgreement.gaussian(random, m * k);
        double[] b = KernelAgreement.gaussian(random, n * k);
        double[] out0 = KernelAgreement.gaussian(random, m * n);
        for (boolean accumulate : new boolean[] {false, true}) {
            try (Tensor ca = tensor(cuda, "a", dtype, a, aShape); Tensor cb = tensor(cuda, "b", dtype, b, bShape);
                    Tensor co = tensor(cuda, "out", dtype, out0, m, n); Tensor ra = tensor(REFERENCE, "a", dtype, a, aShape);
                    Tensor rb = tensor(REFERENCE, "b", dtype, b, bShape);
                    Tensor ro = tensor(REFERENCE, "out", dtype, out0, m, n)) {
                double[] start = ro.toDoubleArray();
                multiply(cuda.networkKernels(), product, ca, cb, co, accumulate);
                multiply(REFERENCE.networkKernels(), product, ra, rb, ro, accumulate);
                double[] ours = co.toDoubleArray();
                double[] theirs = ro.toDoubleArray();
                double[] av = ra.toDoubleArray();
                double[] bv = rb.toDoubleArray();
                double unit = dtype == DType.FLOAT32 ? 0x1p-24 : U;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sumAbs = accumulate ? Math.abs(start[i * n + j]) : 0;
                        for (int l = 0; l < k; l++) {
                            sumAbs += Math.abs(element(product, true, av, i, l, m, k) * element(product, false, bv, j, l, n, k));
                        }
                        double bound = (gamma(k + 1, unit) + unit + gamma(k, U)) * sumAbs;
                        int e = i * n + j;
                        String what = product + " " + dtype + " [" + m + " × " + n + ", k " + k + "]"
                                + (accumulate ? " accumulated" : "") + " element (" + i + ", " + j + ")";
                        assertTrue(Math.abs(ours[e] - theirs[e]) <= bound, () -> what + ": " + ours[e] + " vs "
                                + theirs[e] + ", bound " + bound);
                    }
                }
                if (!accumulate) {
                    multiply(cuda.networkKernels(), product, ca, cb, co, false);
                    assertSameBits(product + " is deterministic", ours, co.toDoubleArray());
                }
            }
        }
    }

    /**
     * Bias + activation on an {@code m × n} matrix of Gaussian values at several scales with ±0, ±∞ and
     * NaN among them, into a separate {@code h} and in place: the biased {@code z} bit for bit, identity
     * and relu bit for bit, tanh and sigmoid within {@link #ACTIVATION_ULPS} (one float ulp in float32).
     * Then the derivative times an upstream gradient from those outputs, into a separate tensor and into
     * the upstream one: bit for bit.
     */
    static void assertActivationAgrees(Backend cuda, DType dtype, Activation activation, int m, int n) {
        SplittableRandom random = new SplittableRandom(13L * m + n + 101L * activation.ordinal() + dtype.ordinal());
        double[] z = activationInputs(random, m * n);
        double[] bias = KernelAgreement.gaussian(random, n);
        double[] upstream = KernelAgreement.gaussian(random, m * n);
        String where = activation.label() + " " + dtype + " [" + m + " × " + n + "]";
        try (Tensor cz = tensor(cuda, "z", dtype, z, m, n); Tensor cb = tensor(cuda, "bias", dtype, bias, n);
                Tensor ch = tensor(cuda, "h", dtype, new double[m * n], m, n); Tensor rz = tensor(REFERENCE, "z", dtype, z, m, n);
                Tensor rb = tensor(REFERENCE, "bias", dtype, bias, n);
                Tensor rh = tensor(REFERENCE, "h", dtype, new double[m * n], m, n);
                Tensor cu = tensor(cuda, "u", dtype, upstream, m, n); Tensor ru = tensor(REFERENCE, "u", dtype, upstream, m, n);
                Tensor co = tensor(cuda, "out", dtype, new double[m * n], m, n);
                Tensor ro = tensor(REFERENCE, "out", dtype, new double[m * n], m, n)) {
            cuda.networkKernels().biasActivation(cz, cb, activation, ch);
            REFERENCE.networkKernels().biasActivation(rz, rb, activation, rh);
            assertSameBits(where + ": z + bias", rz.toDoubleArray(), cz.toDoubleArray());
            assertActivationValues(where + ": φ", dtype, activation, rh.toDoubleArray(), ch.toDoubleArray());

            cuda.networkKernels().activationBackward(activation, rhOnDevice(cuda, rh, dtype, ch), cu, co);
            REFERENCE.networkKernels().activationBackward(activation, rh, ru, ro);
            assertSameBits(where + ": φ'·u", ro.toDoubleArray(), co.toDoubleArray());
            cuda.networkKernels().activationBackward(activation, ch, cu, cu);
            REFERENCE.networkKernels().activationBackward(activation, rh, ru, ru);
            assertSameBits(where + ": φ'·u into u", ru.toDoubleArray(), cu.toDoubleArray());

            cuda.networkKernels().biasActivation(cz, cb, activation, cz);
            REFERENCE.networkKernels().biasActivation(rz, rb, activation, rz);
            assertActivationValues(where + ": φ in place", dtype, activation, rz.toDoubleArray(), cz.toDoubleArray());
        }
    }

    /** Column sums of an {@code m × n} matrix, from zero and accumulated: bit for bit. */
    static void assertColumnSumsAgree(Backend cuda, DType dtype, int m, int n) {
        SplittableRandom random = new SplittableRandom(19L * m + n + dtype.ordinal());
        double[] a = KernelAgreement.gaussian(random, m * n);
        double[] out0 = KernelAgreement.gaussian(random, n);
        for (boolean accumulate : new boolean[] {false, true}) {
            try (Tensor ca = tensor(cuda, "a", dtype, a, m, n); Tensor co = tensor(cuda, "out", dtype, out0, n);
                    Tensor ra = tensor(REFERENCE, "a", dtype, a, m, n); Tensor ro = tensor(REFERENCE, "out", dtype, out0, n)) {
                cuda.networkKernels().columnSums(ca, co, accumulate);
                REFERENCE.networkKernels().columnSums(ra, ro, accumulate);
                assertSameBits("column sums " + dtype + " [" + m + " × " + n + "]" + (accumulate ? " accumulated" : ""),
                        ro.toDoubleArray(), co.toDoubleArray());
            }
        }
    }

    /**
     * The classification kernels on {@code m} rows of {@code k} logits (Gaussian times 4, ties and a
     * row of equal logits among them) with labels in {@code 0 … k−1}:
     * <ul>
     * <li>softmax cross-entropy, into a separate gradient and into the logits: each gradient element
     *     within {@code |scale|·(pⱼ·E + 2u) + 1 ulp of the dtype}, where {@code E = 8u·(4 + 4R + ln k)}
     *     bounds the relative difference of the two {@code pⱼ = exp((zⱼ − max) − log Σ)} ({@code R} the
     *     largest |logit|: the exponent's argument is below {@code 2R + ln k} and carries a few roundings
     *     and exp's and log's ulp on each side); the sum of the losses within {@code m·E} (each row's
     *     {@code log Σ − (z_y − max)} within {@code E}) plus the reordering {@code (γ_d + γ_m)·loss};</li>
     * <li>the curvature product (also into {@code v}): within
     *     {@code |scale|·pⱼ·(E·(|vⱼ| + 2Σₗpₗ|vₗ|) + γ_k·Σₗpₗ|vₗ|) + 1 ulp of the dtype};</li>
     * <li>the correct predictions: equal.</li>
     * </ul>
     */
    static void assertClassificationAgrees(Backend cuda, DType dtype, int m, int k) {
        SplittableRandom random = new SplittableRandom(23L * m + k + dtype.ordinal());
        double[] z = new double[m * k];
        double[] labels = new double[m];
        double[] v = KernelAgreement.gaussian(random, m * k);
        for (int i = 0; i < m; i++) {
            labels[i] = random.nextInt(k);
            for (int j = 0; j < k; j++) {
                z[i * k + j] = i % 7 == 3 ? 1.5 : Math.rint(random.nextGaussian() * 16) / 4; // quarters: ties happen
            }
        }
        double scale = m == 0 ? 1 : 1.0 / m;
        try (Tensor cz = tensor(cuda, "z", dtype, z, m, k); Tensor cy = tensor(cuda, "y", dtype, labels, m);
                Tensor cg = tensor(cuda, "g", dtype, new double[m * k], m, k); Tensor cv = tensor(cuda, "v", dtype, v, m, k);
                Tensor rz = tensor(REFERENCE, "z", dtype, z, m, k); Tensor ry = tensor(REFERENCE, "y", dtype, labels, m);
                Tensor rg = tensor(REFERENCE, "g", dtype, new double[m * k], m, k);
                Tensor rv = tensor(REFERENCE, "v", dtype, v, m, k)) {
            String where = dtype + " [" + m + " × " + k + "]";
            double[] zs = rz.toDoubleArray();
            double range = 0;
            for (double x : zs) {
                range = Math.max(range, Math.abs(x));
            }
            double relative = 8 * U * (4 + 4 * range + Math.log(k));
            double[] p = softmax(zs, m, k);

            double loss = cuda.networkKernels().softmaxCrossEntropy(cz, cy, cg, scale);
            double refLoss = REFERENCE.networkKernels().softmaxCrossEntropy(rz, ry, rg, scale);
            long depth = ReductionPlan.roundingDepth(Math.max(1, m), false, 1);
            double lossBound = m * relative + (ReductionPlan.gamma(depth) + ReductionPlan.gamma(m)) * refLoss;
            assertTrue(Math.abs(loss - refLoss) <= lossBound, () -> "cross-entropy " + where + ": " + loss + " vs "
                    + refLoss + ", bound " + lossBound);
            double[] gradientBound = new double[m * k];
            for (int e = 0; e < m * k; e++) {
                gradientBound[e] = Math.abs(scale) * (p[e] * relative + 2 * U);
            }
            assertWithin("cross-entropy gradient " + where, dtype, rg.toDoubleArray(), cg.toDoubleArray(), gradientBound);
            cuda.networkKernels().softmaxCrossEntropy(cz, cy, cz, scale);
            assertSameBits("cross-entropy gradient into the logits " + where, cg.toDoubleArray(), cz.toDoubleArray());
            cz.copyFrom(zs);

            double[] vs = rv.toDoubleArray();
            double[] curvatureBound = new double[m * k];
            for (int i = 0; i < m; i++) {
                double pAbsV = 0;
                for (int j = 0; j < k; j++) {
                    pAbsV += p[i * k + j] * Math.abs(vs[i * k + j]);
                }
                for (int j = 0; j < k; j++) {
                    int e = i * k + j;
                    curvatureBound[e] = Math.abs(scale) * p[e]
                            * (relative * (Math.abs(vs[e]) + 2 * pAbsV) + gamma(k, U) * pAbsV);
                }
            }
            cuda.networkKernels().softmaxCurvatureProduct(cz, cv, cg, scale);
            REFERENCE.networkKernels().softmaxCurvatureProduct(rz, rv, rg, scale);
            double[] refProduct = rg.toDoubleArray();
            assertWithin("curvature product " + where, dtype, refProduct, cg.toDoubleArray(), curvatureBound);
            cuda.networkKernels().softmaxCurvatureProduct(cz, cv, cv, scale);
            assertSameBits("curvature product into v " + where, cg.toDoubleArray(), cv.toDoubleArray());

            assertEquals(REFERENCE.networkKernels().correctPredictions(rz, ry), cuda.networkKernels().correctPredictions(cz, cy),
                    "correct predictions " + where);
        }
    }

    /**
     * The squared error of {@code n} elements: the gradient (also into {@code pred}) bit for bit, the sum
     * within {@code (γ_d + γ_n)·Σ} (the same non-negative terms in another order).
     */
    static void assertSquaredErrorAgrees(Backend cuda, DType dtype, int m, int n) {
        SplittableRandom random = new SplittableRandom(29L * m + n + dtype.ordinal());
        double[] pred = KernelAgreement.gaussian(random, m * n);
        double[] target = KernelAgreement.gaussian(random, m * n);
        double scale = 1.0 / Math.max(1, m * n);
        try (Tensor cp = tensor(cuda, "p", dtype, pred, m, n); Tensor ct = tensor(cuda, "t", dtype, target, m, n);
                Tensor cg = tensor(cuda, "g", dtype, new double[m * n], m, n); Tensor rp = tensor(REFERENCE, "p", dtype, pred, m, n);
                Tensor rt = tensor(REFERENCE, "t", dtype, target, m, n);
                Tensor rg = tensor(REFERENCE, "g", dtype, new double[m * n], m, n)) {
            String where = "squared error " + dtype + " [" + m + " × " + n + "]";
            double sum = cuda.networkKernels().squaredError(cp, ct, cg, scale);
            double refSum = REFERENCE.networkKernels().squaredError(rp, rt, rg, scale);
            assertSameBits(where + ": gradient", rg.toDoubleArray(), cg.toDoubleArray());
            long count = (long) m * n;
            double bound = count == 0 ? 0
                    : (ReductionPlan.gamma(ReductionPlan.roundingDepth(count, false, 1)) + ReductionPlan.gamma(count)) * refSum;
            assertTrue(Math.abs(sum - refSum) <= bound, () -> where + ": " + sum + " vs " + refSum + ", bound " + bound);
            cuda.networkKernels().squaredError(cp, ct, cp, scale);
            assertSameBits(where + ": gradient into pred", rg.toDoubleArray(), cp.toDoubleArray());
        }
    }

    /** Gathering {@code rows} (repeats allowed) of an {@code n × d} source: bit for bit. */
    static void assertGatherAgrees(Backend cuda, DType dtype, int n, int d, int[] rows) {
        SplittableRandom random = new SplittableRandom(37L * n + d + dtype.ordinal());
        double[] source = KernelAgreement.gaussian(random, n * d);
        try (Tensor cs = tensor(cuda, "source", dtype, source, n, d);
                Tensor co = tensor(cuda, "out", dtype, new double[rows.length * d], rows.length, d);
                Tensor rs = tensor(REFERENCE, "source", dtype, source, n, d);
                Tensor ro = tensor(REFERENCE, "out", dtype, new double[rows.length * d], rows.length, d)) {
            cuda.networkKernels().gatherRows(cs, rows, co);
            REFERENCE.networkKernels().gatherRows(rs, rows, ro);
            assertSameBits("gather " + dtype + " of " + rows.length + " rows of [" + n + " × " + d + "]", ro.toDoubleArray(),
                    co.toDoubleArray());
        }
    }

    private static void multiply(NetworkKernels kernels, Product product, Tensor a, Tensor b, Tensor out, boolean accumulate) {
        switch (product) {
            case NT -> kernels.matMulTransposeB(a, b, out, accumulate);
            case TN -> kernels.matMulTransposeA(a, b, out, accumulate);
            case NN -> kernels.matMul(a, b, out, accumulate);
        }
    }

    /** Term {@code l} of row {@code i} of the left operand (or of column {@code i} of the right one), as the product reads it. */
    private static double element(Product product, boolean left, double[] values, int i, int l, int extent, int k) {
        boolean transposed = left ? product == Product.TN : product != Product.NT;
        return transposed ? values[l * extent + i] : values[i * k + l];
    }

    /** The device's h for the backward pass: the reference's outputs uploaded, so that both differentiate the same values. */
    private static Tensor rhOnDevice(Backend cuda, Tensor rh, DType dtype, Tensor ch) {
        ch.copyFrom(rh.toDoubleArray());
        return ch;
    }

    private static void assertActivationValues(String what, DType dtype, Activation activation, double[] expected,
            double[] actual) {
        if (activation == Activation.IDENTITY || activation == Activation.RELU) {
            assertSameBits(what, expected, actual);
            return;
        }
        double[] bound = new double[expected.length];
        for (int e = 0; e < expected.length; e++) {
            bound[e] = dtype == DType.FLOAT32 ? 0 : ACTIVATION_ULPS * Math.ulp(expected[e]);
        }
        assertWithin(what, dtype, expected, actual, bound);
    }

    /**
     * {@code |actual − expected| ≤ bound} element by element (NaN where the reference has NaN), plus one
     * ulp of the larger for float32, where each side rounds its double once.
     */
    private static void assertWithin(String what, DType dtype, double[] expected, double[] actual, double[] bound) {
        assertEquals(expected.length, actual.length, what);
        for (int e = 0; e < expected.length; e++) {
            int at = e;
            if (Double.isNaN(expected[e]) || Double.isNaN(actual[e])) {
                assertTrue(Double.isNaN(expected[e]) && Double.isNaN(actual[e]), () -> what + "[" + at + "]: "
                        + actual[at] + " vs " + expected[at]);
                continue;
            }
            if (expected[e] == actual[e]) {
                continue;
            }
            double larger = Math.max(Math.abs(expected[e]), Math.abs(actual[e]));
            double allowed = bound[e] + (dtype == DType.FLOAT32 ? Math.ulp((float) larger) : 0);
            assertTrue(Math.abs(actual[e] - expected[e]) <= allowed, () -> what + "[" + at + "]: " + actual[at] + " vs "
                    + expected[at] + ", bound " + allowed);
        }
    }

    /** Row-wise softmax in double, for the bounds. */
    private static double[] softmax(double[] z, int m, int k) {
        double[] p = new double[m * k];
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[i * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                p[i * k + j] = Math.exp(z[i * k + j] - max);
                sum += p[i * k + j];
            }
            for (int j = 0; j < k; j++) {
                p[i * k + j] /= sum;
            }
        }
        return p;
    }

    /** Inputs of the activations: Gaussian at scales 10⁻³ … 10², with ±0, ±∞, NaN and ±800 among them. */
    private static double[] activationInputs(SplittableRandom random, int n) {
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 800, -800, 1e-300};
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = random.nextInt(10) == 0 ? specials[random.nextInt(specials.length)]
                    : random.nextGaussian() * Math.pow(10, random.nextInt(-3, 3));
        }
        return z;
    }

    /** {@code γₖ = k·u/(1 − k·u)} for unit roundoff {@code unit}. */
    private static double gamma(long k, double unit) {
        double ku = k * unit;
        return ku / (1 - ku);
    }

    private static Tensor tensor(Backend backend, String name, DType dtype, double[] values, long... shape) {
        Tensor t = backend.allocate(name, dtype, shape);
        if (values.length > 0) {
            t.copyFrom(values);
        }
        return t;
    }
}

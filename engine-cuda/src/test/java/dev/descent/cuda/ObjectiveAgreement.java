package dev.descent.cuda;

import static dev.descent.cuda.KernelAgreement.REFERENCE;
import static dev.descent.cuda.KernelAgreement.assertSameBits;
import static dev.descent.cuda.KernelAgreement.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The comparisons that hold a CUDA backend's objective kernels (on the emulator or on a GPU) to the
 * reference. What is computed element by element in the reference's order is held to it bit for bit
 * (the Rosenbrock gradient and curvature products); sums split differently (the matrix-vector
 * products, the Rosenbrock value, the logistic loss) within the rounding bound of the split, stated
 * with each check; the logistic kernels, whose {@code exp} is StrictMath's while the reference calls
 * {@code Math.exp} (which HotSpot may replace by an intrinsic differing in the last bit), bit for bit
 * against the reference's formulas evaluated with StrictMath, and within a few ulps of the reference.
 */
final class ObjectiveAgreement {

    /**
     * How far apart two results of the same double formula may be when one used {@code Math.exp} and
     * the other {@code StrictMath.exp} (each within 1 ulp of the exact value, so within 1 ulp of each
     * other): the difference propagates through {@code 1 + e} and one division, each adding at most
     * one rounding, so 4 ulps of the result leave a margin.
     */
    static final int EXP_ULPS = 4;

    private ObjectiveAgreement() {
    }

    /**
     * {@code A·x} for a {@code rows × cols} matrix: each output within {@code (γ_d + γ_cols)·Σⱼ|aᵢⱼxⱼ|}
     * of the reference's ({@code d} {@link MatrixVectorPlan#matVecDepth}, one more for float64 products,
     * whose rounding both sides do), plus one ulp of the dtype for the final rounding of each side;
     * deterministic.
     */
    static void assertMatVecAgrees(Backend cuda, DType dtype, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols + dtype.ordinal());
        double[] a = KernelAgreement.gaussian(random, rows * cols);
        double[] x = KernelAgreement.gaussian(random, cols);
        try (Tensor ca = matrix(cuda, dtype, a, rows, cols); Tensor cx = tensor(cuda, dtype, x);
                Tensor co = tensor(cuda, dtype, filled(rows, 7)); Tensor ra = matrix(REFERENCE, dtype, a, rows, cols);
                Tensor rx = tensor(REFERENCE, dtype, x); Tensor ro = tensor(REFERENCE, dtype, filled(rows, 7))) {
            cuda.objectiveKernels().matVec(ca, cx, co);
            REFERENCE.objectiveKernels().matVec(ra, rx, ro);
            double[] ours = co.toDoubleArray();
            double[] theirs = ro.toDoubleArray();
            double[] av = ra.toDoubleArray();
            double[] xv = rx.toDoubleArray();
            long depth = MatrixVectorPlan.matVecDepth(cols);
            for (int i = 0; i < rows; i++) {
                double sumAbs = 0;
                for (int j = 0; j < cols; j++) {
                    sumAbs += Math.abs(av[i * cols + j] * xv[j]);
                }
                assertWithinSumBound("A·x [" + rows + " × " + cols + "] row " + i, dtype, theirs[i], ours[i],
                        bound(depth, cols, dtype, sumAbs));
            }
            cuda.objectiveKernels().matVec(ca, cx, co);
            assertSameBits("A·x is deterministic", ours, co.toDoubleArray());
        }
    }

    /**
     * {@code Aᵀ·v} for a {@code rows × cols} matrix: each output within {@code (γ_d + γ_rows)·Σᵢ|aᵢⱼvᵢ|}
     * of the reference's ({@code d} {@link MatrixVectorPlan#matTransposeVecDepth}), plus one ulp of the
     * dtype; bit for bit when the plan has a single segment (its sum is the reference's, term for term).
     */
    static void assertMatTransposeVecAgrees(Backend cuda, DType dtype, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 37L + cols + dtype.ordinal());
        double[] a = KernelAgreement.gaussian(random, rows * cols);
        double[] v = KernelAgreement.gaussian(random, rows);
        try (Tensor ca = matrix(cuda, dtype, a, rows, cols); Tensor cv = tensor(cuda, dtype, v);
                Tensor co = tensor(cuda, dtype, filled(cols, 7)); Tensor ra = matrix(REFERENCE, dtype, a, rows, cols);
                Tensor rv = tensor(REFERENCE, dtype, v); Tensor ro = tensor(REFERENCE, dtype, filled(cols, 7))) {
            cuda.objectiveKernels().matTransposeVec(ca, cv, co);
            REFERENCE.objectiveKernels().matTransposeVec(ra, rv, ro);
            double[] ours = co.toDoubleArray();
            double[] theirs = ro.toDoubleArray();
            String what = "Aᵀ·v [" + rows + " × " + cols + "]";
            if (rows == 0 || cols == 0) {
                assertSameBits(what, theirs, ours);
                return;
            }
            if (MatrixVectorPlan.segments(rows, cols) == 1) {
                assertSameBits(what + " in one segment", theirs, ours);
            }
            double[] av = ra.toDoubleArray();
            double[] vv = rv.toDoubleArray();
            long depth = MatrixVectorPlan.matTransposeVecDepth(rows, cols);
            for (int j = 0; j < cols; j++) {
                double sumAbs = 0;
                for (int i = 0; i < rows; i++) {
                    sumAbs += Math.abs(av[i * cols + j] * vv[i]);
                }
                assertWithinSumBound(what + " column " + j, dtype, theirs[j], ours[j], bound(depth, rows, dtype, sumAbs));
            }
            cuda.objectiveKernels().matTransposeVec(ca, cv, co);
            assertSameBits(what + " is deterministic", ours, co.toDoubleArray());
        }
    }

    /**
     * The Rosenbrock kernels on {@code n} (even) elements. On values with NaN, ±Infinity, ±0 and
     * subnormals: the gradient, both curvature products (also into {@code v} itself) and the
     * Gauss–Newton diagonal equal to the reference bit for bit. On Gaussian values: the value within
     * {@code (γ_d + γ_{n/2})·f} of the reference's (the same non-negative per-pair terms, summed in a
     * different order; {@code d} {@link ReductionPlan#roundingDepth} over the pairs), and deterministic.
     */
    static void assertRosenbrockAgrees(Backend cuda, DType dtype, int n) {
        SplittableRandom random = new SplittableRandom(n * 41L + dtype.ordinal());
        double[] x = TestData.doubles(random, n);
        double[] v = TestData.doubles(random, n);
        try (Tensor cx = tensor(cuda, dtype, x); Tensor cv = tensor(cuda, dtype, v); Tensor co = tensor(cuda, dtype, v);
                Tensor rx = tensor(REFERENCE, dtype, x); Tensor rv = tensor(REFERENCE, dtype, v);
                Tensor ro = tensor(REFERENCE, dtype, v)) {
            String where = "Rosenbrock, " + n + " elements";
            double value = cuda.objectiveKernels().rosenbrock(cx, co);
            double refValue = REFERENCE.objectiveKernels().rosenbrock(rx, ro);
            assertSameBits(where + ": gradient", ro.toDoubleArray(), co.toDoubleArray());
            assertEquals(Double.isNaN(refValue), Double.isNaN(value), () -> where + ": value " + value + " vs " + refValue);
            for (RosenbrockCurvature curvature : RosenbrockCurvature.values()) {
                cuda.objectiveKernels().rosenbrockCurvatureVector(curvature, cx, cv, co);
                REFERENCE.objectiveKernels().rosenbrockCurvatureVector(curvature, rx, rv, ro);
                assertSameBits(where + ": " + curvature + "·v", ro.toDoubleArray(), co.toDoubleArray());
            }
            cuda.objectiveKernels().rosenbrockCurvatureVector(RosenbrockCurvature.HESSIAN, cx, cv, cv);
            REFERENCE.objectiveKernels().rosenbrockCurvatureVector(RosenbrockCurvature.HESSIAN, rx, rv, rv);
            assertSameBits(where + ": HESSIAN·v into v", rv.toDoubleArray(), cv.toDoubleArray());
            cuda.objectiveKernels().rosenbrockGaussNewtonDiagonal(cx, co);
            REFERENCE.objectiveKernels().rosenbrockGaussNewtonDiagonal(rx, ro);
            assertSameBits(where + ": Gauss–Newton diagonal", ro.toDoubleArray(), co.toDoubleArray());
        }
        double[] g = KernelAgreement.gaussian(random, n);
        try (Tensor cx = tensor(cuda, dtype, g); Tensor cg = tensor(cuda, dtype, filled(n, 7));
                Tensor rx = tensor(REFERENCE, dtype, g); Tensor rg = tensor(REFERENCE, dtype, filled(n, 7))) {
            double value = cuda.objectiveKernels().rosenbrock(cx, cg);
            double refValue = REFERENCE.objectiveKernels().rosenbrock(rx, rg);
            long pairs = n / 2;
            double bound = (ReductionPlan.gamma(ReductionPlan.roundingDepth(pairs, false, 1))
                    + ReductionPlan.gamma(pairs)) * refValue;
            assertTrue(Math.abs(value - refValue) <= bound, () -> "Rosenbrock value of " + n + " elements: " + value
                    + " vs " + refValue + ", bound " + bound);
            assertEquals(Double.doubleToLongBits(value), Double.doubleToLongBits(cuda.objectiveKernels().rosenbrock(cx, cg)),
                    "the Rosenbrock value is deterministic");
            assertSameBits("Rosenbrock gradient of " + n + " Gaussian elements", rg.toDoubleArray(), cg.toDoubleArray());
        }
    }

    /**
     * The logistic kernels on {@code n} margins with labels ±1. Residuals and curvature weights (also
     * in place) on margins with NaN, ±Infinity, ±0, subnormals and magnitudes up to 10³: bit for bit the
     * reference's formulas evaluated with StrictMath ({@link #strictResidual}, {@link #strictCurvature}),
     * and within {@link #EXP_ULPS} ulps of the reference (float64; 1 ulp for float32, where both round
     * the double result once). The loss on finite margins: within {@code (γ_d + γ_n)·ℓ} of the
     * StrictMath sum (the same non-negative terms, summed in another order), and within
     * {@code (γ_{d+4} + γ_{n+4})·ℓ} of the reference's, the 4 covering the last-bit difference of
     * {@code exp} in each term (its effect on {@code log1p(e)} and the term's own rounding); deterministic.
     */
    static void assertLogisticAgrees(Backend cuda, DType dtype, int n) {
        SplittableRandom random = new SplittableRandom(n * 43L + dtype.ordinal());
        double[] z = margins(random, n, true);
        double[] y = labels(random, n);
        try (Tensor cz = tensor(cuda, dtype, z); Tensor cy = tensor(cuda, dtype, y); Tensor cr = tensor(cuda, dtype, z);
                Tensor rz = tensor(REFERENCE, dtype, z); Tensor ry = tensor(REFERENCE, dtype, y);
                Tensor rr = tensor(REFERENCE, dtype, z)) {
            String where = "logistic, " + n + " elements";
            double[] zs = rz.toDoubleArray();
            double[] ys = ry.toDoubleArray();
            cuda.objectiveKernels().logisticLoss(cz, cy, cr);
            REFERENCE.objectiveKernels().logisticLoss(rz, ry, rr);
            double[] strict = new double[n];
            for (int i = 0; i < n; i++) {
                strict[i] = round(dtype, strictResidual(zs[i], ys[i]));
            }
            double[] ours = cr.toDoubleArray();
            assertSameBits(where + ": residual vs StrictMath", strict, ours);
            assertWithinUlps(where + ": residual", dtype, rr.toDoubleArray(), ours);

            cuda.objectiveKernels().logisticCurvature(cz, cr);
            REFERENCE.objectiveKernels().logisticCurvature(rz, rr);
            for (int i = 0; i < n; i++) {
                strict[i] = round(dtype, strictCurvature(zs[i]));
            }
            ours = cr.toDoubleArray();
            assertSameBits(where + ": curvature vs StrictMath", strict, ours);
            assertWithinUlps(where + ": curvature", dtype, rr.toDoubleArray(), ours);
            cuda.objectiveKernels().logisticCurvature(cz, cz);
            assertSameBits(where + ": curvature in place", strict, cz.toDoubleArray());
        }
        double[] finite = margins(random, n, false);
        try (Tensor cz = tensor(cuda, dtype, finite); Tensor cy = tensor(cuda, dtype, y); Tensor cr = cuda.allocate("r", dtype, n);
                Tensor rz = tensor(REFERENCE, dtype, finite); Tensor ry = tensor(REFERENCE, dtype, y);
                Tensor rr = REFERENCE.allocate("r", dtype, n)) {
            double loss = cuda.objectiveKernels().logisticLoss(cz, cy, cr);
            double refLoss = REFERENCE.objectiveKernels().logisticLoss(rz, ry, rr);
            double[] zs = rz.toDoubleArray();
            double[] ys = ry.toDoubleArray();
            double strictSum = 0;
            for (int i = 0; i < n; i++) {
                strictSum += strictLoss(zs[i], ys[i]);
            }
            double strictLoss = strictSum;
            long depth = ReductionPlan.roundingDepth(n, true, Alignment.lanes(dtype.byteSize()));
            double strictBound = (ReductionPlan.gamma(depth) + ReductionPlan.gamma(n)) * strictLoss;
            double refBound = (ReductionPlan.gamma(depth + 4) + ReductionPlan.gamma(n + 4)) * refLoss;
            String where = "logistic loss of " + n + " elements";
            assertTrue(Math.abs(loss - strictLoss) <= strictBound, () -> where + ": " + loss + " vs StrictMath's "
                    + strictLoss + ", bound " + strictBound);
            assertTrue(Math.abs(loss - refLoss) <= refBound, () -> where + ": " + loss + " vs " + refLoss + ", bound "
                    + refBound);
            assertEquals(Double.doubleToLongBits(loss), Double.doubleToLongBits(cuda.objectiveKernels().logisticLoss(cz, cy, cr)),
                    where + " is deterministic");
        }
    }

    /** {@code −y·σ(t)} for {@code t = −yz}, as {@code LogisticLossKernel} computes it, with StrictMath's exp. */
    static double strictResidual(double z, double y) {
        double t = -y * z;
        double e = StrictMath.exp(-Math.abs(t));
        double sigmoid = t >= 0 ? 1 / (1 + e) : e / (1 + e);
        return -y * sigmoid;
    }

    /** The loss {@code max(t, 0) + log1p(e^−|t|)}, as {@code LogisticLossKernel} computes it, with StrictMath. */
    static double strictLoss(double z, double y) {
        double t = -y * z;
        return Math.max(t, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(t)));
    }

    /** {@code e/(1 + e)²} for {@code e = e^−|z|}, as {@code LogisticLossKernel} computes it, with StrictMath's exp. */
    static double strictCurvature(double z) {
        double e = StrictMath.exp(-Math.abs(z));
        double d = 1 + e;
        return e / (d * d);
    }

    /** Margins: Gaussian at several scales up to 10³ (where e^−|t| underflows), with ±0 and, if asked, NaN and ±Infinity. */
    private static double[] margins(SplittableRandom random, int n, boolean nonFinite) {
        double[] specials = nonFinite
                ? new double[] {0.0, -0.0, Double.MIN_VALUE, 745.2, -800, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY}
                : new double[] {0.0, -0.0, Double.MIN_VALUE, 745.2, -800};
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = random.nextInt(20) == 0 ? specials[random.nextInt(specials.length)]
                    : random.nextGaussian() * Math.pow(10, random.nextInt(-3, 3));
        }
        return z;
    }

    private static double[] labels(SplittableRandom random, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextBoolean() ? 1 : -1;
        }
        return y;
    }

    /** {@code γ_{depth+e} + γ_{n+e}} times {@code sumAbs}, {@code e} one rounding of each float64 product. */
    private static double bound(long depth, long n, DType dtype, double sumAbs) {
        long extra = dtype == DType.FLOAT64 ? 1 : 0;
        return (ReductionPlan.gamma(depth + extra) + ReductionPlan.gamma(n + extra)) * sumAbs;
    }

    /**
     * {@code |actual − expected| ≤ bound} for the double sums, plus one ulp of the larger for float32
     * outputs: each side rounds its own sum once, and two sums within the bound may round to
     * neighbouring floats.
     */
    private static void assertWithinSumBound(String what, DType dtype, double expected, double actual, double bound) {
        double allowed = bound + (dtype == DType.FLOAT32 ? Math.ulp((float) Math.max(Math.abs(expected), Math.abs(actual))) : 0);
        assertTrue(Math.abs(actual - expected) <= allowed, () -> what + ": " + actual + " vs " + expected + ", bound " + allowed);
    }

    private static void assertWithinUlps(String what, DType dtype, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) == Double.doubleToLongBits(actual[i])) {
                continue;
            }
            double larger = Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
            double ulps = dtype == DType.FLOAT32 ? Math.ulp((float) larger) : EXP_ULPS * Math.ulp(larger);
            int at = i;
            assertTrue(Math.abs(actual[i] - expected[i]) <= ulps, () -> what + "[" + at + "]: " + actual[at]
                    + " vs reference " + expected[at]);
        }
    }

    private static double round(DType dtype, double v) {
        return dtype == DType.FLOAT32 ? (float) v : v;
    }

    private static double[] filled(int n, double value) {
        double[] v = new double[n];
        Arrays.fill(v, value);
        return v;
    }

    private static Tensor matrix(Backend backend, DType dtype, double[] values, int rows, int cols) {
        Tensor t = backend.allocate("a", dtype, rows, cols);
        t.copyFrom(values);
        return t;
    }
}

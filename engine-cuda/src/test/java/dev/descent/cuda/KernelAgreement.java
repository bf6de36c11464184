package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NormType;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.optim.Sgd;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.testing.HyperCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * The comparisons that hold a CUDA backend (on the emulator or on a GPU) to the reference: optimizer
 * steps, elementwise operations and linear combinations bit for bit (the same operations in the same
 * order), reductions within {@link ReductionPlan#dotBound} (sums, dots) or exactly (maxima, the
 * non-finite test).
 */
final class KernelAgreement {

    static final ReferenceBackend REFERENCE = new ReferenceBackend();

    /** The parameter groups every optimizer case runs on (element counts of its tensors). */
    static final int[][] GROUPS = {{1}, {4}, {5}, {3, 0, 8193}, {8192, 17}, {20003, 4096, 1}};

    /** The gradient clips every optimizer kernel is held to: a scale, a clamp, both, and a zero scale. */
    static final List<GradientClip> CLIPS = List.of(GradientClip.scaledBy(0.37f), GradientClip.clampedTo(0.05f),
            new GradientClip(0.6f, 0.08f), GradientClip.scaledBy(0f),
            // loss scaling: GradScaler's power-of-two inverse, with a clip, a non-power-of-two one, one above 1
            GradientClip.NONE.unscaledBy(0x1p-16f), new GradientClip(0.6f, 0.08f, 0x1p-7f),
            GradientClip.scaledBy(0.37f).unscaledBy(1f / 3000f), GradientClip.NONE.unscaledBy(8f));

    private KernelAgreement() {
    }

    /**
     * Runs {@code c} for {@code steps} steps on a group of tensors of {@code sizes} elements on both
     * backends and asserts that parameters and state are equal bit for bit (NaN payloads aside) after
     * every step. With {@code specials}, parameters and gradients hold NaN, ±Infinity, ±0 and subnormals.
     */
    static void assertOptimizerAgrees(Backend cuda, HyperCase c, int[] sizes, boolean specials, int steps) {
        assertOptimizerAgrees(cuda, c, sizes, specials, steps, GradientClip.NONE);
    }

    /** As {@link #assertOptimizerAgrees(Backend, HyperCase, int[], boolean, int)}, every kernel clipping by {@code clip}. */
    static void assertOptimizerAgrees(Backend cuda, HyperCase c, int[] sizes, boolean specials, int steps, GradientClip clip) {
        assertOptimizerAgrees(cuda, c, DType.FLOAT32, sizes, specials, steps, clip);
    }

    /**
     * As {@link #assertOptimizerAgrees(Backend, HyperCase, int[], boolean, int, GradientClip)} with
     * parameters and gradients of {@code dtype}: bfloat16 or float16 ones step through their float32
     * master, which is compared with the rest of the state.
     */
    static void assertOptimizerAgrees(Backend cuda, HyperCase c, DType dtype, int[] sizes, boolean specials, int steps,
            GradientClip clip) {
        SplittableRandom random = new SplittableRandom(31L * Arrays.hashCode(sizes) + c.toString().hashCode());
        List<float[]> params0 = new ArrayList<>();
        for (int n : sizes) {
            params0.add(specials ? TestData.withSpecials(random, n, 1f) : TestData.gaussian(random, n, 1f, 0));
        }
        try (StepRun ours = new StepRun(cuda, c.spec(), dtype, params0);
                StepRun theirs = new StepRun(REFERENCE, c.spec(), dtype, params0)) {
            for (int t = 1; t <= steps; t++) {
                List<float[]> grads = new ArrayList<>();
                for (int n : sizes) {
                    grads.add(specials ? TestData.withSpecials(random, n, 0.5f) : TestData.gaussian(random, n, 0.5f, 0.1));
                }
                double loss = random.nextDouble();
                ours.step(grads, loss, clip);
                theirs.step(grads, loss, clip);
                for (int k = 0; k < sizes.length; k++) {
                    assertBitwiseEqual(theirs.snapshot(k), ours.snapshot(k), c + " " + clip + ", step " + t + ", tensor " + k);
                }
            }
        }
    }

    /**
     * The gradient norm of a group of tensors of {@code sizes} elements: the 2-norm within the bound of
     * its sums (a thread's run of at most 32 elements of a chunk, the block's tree, pass 2's run over
     * the chunks' partials and its tree, against the reference's left-to-right sum; the root halves the
     * relative bound, plus one rounding for each root), the same bits on a second run; the maximum exact;
     * NaN or +∞ on both wherever a gradient holds NaN or ±Infinity.
     */
    static void assertGradientNormAgrees(Backend cuda, int[] sizes) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(sizes));
        List<float[]> grads = new ArrayList<>();
        long n = 0;
        long chunks = 0;
        for (int size : sizes) {
            grads.add(TestData.gaussian(random, size, 0.5f, 0.1));
            n += size;
            chunks += Math.ceilDiv(size, TensorTable.CHUNK_ELEMENTS);
        }
        long depth = TensorTable.CHUNK_ELEMENTS / LaunchGeometry.BLOCK + 2 * 8 + Math.ceilDiv(chunks, LaunchGeometry.BLOCK);
        double relative = 0.5 * (ReductionPlan.gamma(depth) + ReductionPlan.gamma(n)) + 0x1p-52;
        try (StepRun ours = new StepRun(cuda, Sgd.defaults(), zeros(sizes));
                StepRun theirs = new StepRun(REFERENCE, Sgd.defaults(), zeros(sizes))) {
            ours.setGradients(grads);
            theirs.setGradients(grads);
            double expected = REFERENCE.optimizerKernels().gradientNorm(NormType.TWO, theirs.slots());
            double actual = cuda.optimizerKernels().gradientNorm(NormType.TWO, ours.slots());
            assertTrue(Math.abs(actual - expected) <= relative * expected,
                    () -> "2-norm " + actual + " vs " + expected + ", bound " + relative * expected);
            assertEquals(Double.doubleToLongBits(actual),
                    Double.doubleToLongBits(cuda.optimizerKernels().gradientNorm(NormType.TWO, ours.slots())), "deterministic");
            assertEquals(REFERENCE.optimizerKernels().gradientNorm(NormType.INFINITY, theirs.slots()),
                    cuda.optimizerKernels().gradientNorm(NormType.INFINITY, ours.slots()), "the maximum is exact");
            int last = sizes.length - 1;
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                List<float[]> with = new ArrayList<>(grads);
                float[] g = grads.get(last).clone();
                g[random.nextInt(g.length)] = bad;
                with.set(last, g);
                ours.setGradients(with);
                theirs.setGradients(with);
                for (NormType type : NormType.values()) {
                    double r = REFERENCE.optimizerKernels().gradientNorm(type, theirs.slots());
                    double o = cuda.optimizerKernels().gradientNorm(type, ours.slots());
                    assertTrue(!Double.isFinite(r) && !Double.isFinite(o), () -> type + " with " + bad + ": " + o + " vs " + r);
                    assertEquals(Double.isNaN(r), Double.isNaN(o), () -> type + " with " + bad + ": " + o + " vs " + r);
                }
            }
        }
    }

    /**
     * A whole optimizer clipping inside its step on {@code cuda} and on the reference: the norms agree
     * within {@link #assertGradientNormAgrees}' bound (about 1e-12 relative here), far below float32's
     * resolution, so the two coefficients round to the same float (checked), and then parameters and
     * state agree bit for bit, as the kernels do.
     */
    static void assertOptimizerClipsAsTheReference(Backend cuda, OptimizerSpec spec, GradientClipping clipping,
            int[] sizes, int steps) {
        SplittableRandom random = new SplittableRandom(17L * Arrays.hashCode(sizes) + spec.hashCode());
        List<float[]> params0 = new ArrayList<>();
        for (int n : sizes) {
            params0.add(TestData.gaussian(random, n, 1f, 0));
        }
        List<Tensor> tensors = new ArrayList<>();
        try (Optimizer ours = clippingOptimizer(cuda, spec, clipping, params0, tensors);
                Optimizer theirs = clippingOptimizer(REFERENCE, spec, clipping, params0, tensors)) {
            for (int t = 1; t <= steps; t++) {
                for (int k = 0; k < sizes.length; k++) {
                    float[] g = TestData.gaussian(random, sizes[k], 0.5f, 0.1);
                    ours.groups().get(0).params().get(k).grad().copyFrom(g);
                    theirs.groups().get(0).params().get(k).grad().copyFrom(g);
                }
                ours.step(1.0);
                theirs.step(1.0);
                String where = spec + " " + clipping + ", step " + t;
                if (clipping instanceof GradientClipping.Norm norm) {
                    double expected = theirs.lastGradNorm();
                    double actual = ours.lastGradNorm();
                    assertEquals(expected, actual, 1e-10 * expected, where);
                    assertEquals((float) norm.scale(expected), (float) norm.scale(actual), where + ": the coefficients");
                }
                for (int k = 0; k < sizes.length; k++) {
                    Tensor p = ours.groups().get(0).params().get(k).param();
                    Tensor q = theirs.groups().get(0).params().get(k).param();
                    Map<String, float[]> mine = new LinkedHashMap<>();
                    Map<String, float[]> ref = new LinkedHashMap<>();
                    mine.put("param", p.toFloatArray());
                    ref.put("param", q.toFloatArray());
                    ours.state(p).forEach((name, s) -> mine.put(name, s.toFloatArray()));
                    theirs.state(q).forEach((name, s) -> ref.put(name, s.toFloatArray()));
                    assertBitwiseEqual(ref, mine, where + ", tensor " + k);
                }
            }
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    private static Optimizer clippingOptimizer(Backend backend, OptimizerSpec spec, GradientClipping clipping,
            List<float[]> params0, List<Tensor> tensors) {
        List<Parameter> group = new ArrayList<>();
        for (int k = 0; k < params0.size(); k++) {
            Tensor p = backend.fromArray("p" + k, params0.get(k));
            Tensor g = backend.fromArray("g" + k, new float[params0.get(k).length]);
            tensors.add(p);
            tensors.add(g);
            group.add(new Parameter(p, g));
        }
        return Optimizer.builder(backend).group(ParamGroup.of(spec, group)).clipping(clipping).build();
    }

    private static List<float[]> zeros(int[] sizes) {
        List<float[]> z = new ArrayList<>();
        for (int n : sizes) {
            z.add(new float[n]);
        }
        return z;
    }

    /** Every elementwise operation on {@code n} elements of {@code dtype}: equal bit for bit. */
    static void assertElementwiseAgrees(Backend cuda, DType dtype, int n) {
        SplittableRandom random = new SplittableRandom(n * 7L + dtype.ordinal());
        double[] a = TestData.doubles(random, n);
        double[] b = TestData.doubles(random, n);
        double[] y = TestData.doubles(random, n);
        double alpha = random.nextDouble() - 0.5;
        check(cuda, "axpy", dtype, a, y, (k, t) -> k.vectorOps().axpy(alpha, t[0], t[1]));
        check(cuda, "scale", dtype, a, b, (k, t) -> k.vectorOps().scale(alpha, t[0]));
        check(cuda, "copy", dtype, a, b, (k, t) -> k.vectorOps().copy(t[0], t[1]));
        check(cuda, "fill", dtype, a, b, (k, t) -> k.vectorOps().fill(t[1], alpha));
        check(cuda, "fill NaN", dtype, a, b, (k, t) -> k.vectorOps().fill(t[1], Double.NaN));
        check(cuda, "multiply", dtype, a, b, (k, t) -> k.vectorOps().multiply(t[0], t[1], t[1]));
        check(cuda, "multiply into a", dtype, a, b, (k, t) -> k.vectorOps().multiply(t[0], t[1], t[0]));
        check(cuda, "divide", dtype, a, b, (k, t) -> k.vectorOps().divide(t[0], t[1], t[1]));
        check(cuda, "divide into a", dtype, a, b, (k, t) -> k.vectorOps().divide(t[0], t[1], t[0]));
    }

    /**
     * {@code dot} and {@code norm2} within the stated bound of the reference and deterministic;
     * {@code maxAbs} exact; {@code hasNonFinite} finds one NaN or ±Infinity anywhere.
     */
    static void assertReductionsAgree(Backend cuda, DType dtype, int n) {
        SplittableRandom random = new SplittableRandom(n * 11L + dtype.ordinal());
        double[] a = gaussian(random, n);
        double[] b = gaussian(random, n);
        try (Tensor ca = tensor(cuda, dtype, a); Tensor cb = tensor(cuda, dtype, b);
                Tensor ra = tensor(REFERENCE, dtype, a); Tensor rb = tensor(REFERENCE, dtype, b)) {
            double sumAbs = 0;
            double[] fa = ra.toDoubleArray();
            double[] fb = rb.toDoubleArray();
            for (int i = 0; i < n; i++) {
                sumAbs += Math.abs(fa[i] * fb[i]);
            }
            double bound = ReductionPlan.dotBound(n, true, Alignment.lanes(dtype.byteSize()), dtype == DType.FLOAT64, sumAbs);
            double dot = cuda.vectorOps().dot(ca, cb);
            double ref = REFERENCE.vectorOps().dot(ra, rb);
            assertTrue(Math.abs(dot - ref) <= bound, () -> "dot " + dot + " vs " + ref + ", bound " + bound);
            assertEquals(Double.doubleToLongBits(dot), Double.doubleToLongBits(cuda.vectorOps().dot(ca, cb)), "dot is deterministic");
            double norm = cuda.vectorOps().norm2(ca);
            double refNorm = REFERENCE.vectorOps().norm2(ra);
            // sqrt halves the relative bound of the sum of squares; one more rounding for each root
            double normBound = 0.5 * ReductionPlan.dotBound(n, true, Alignment.lanes(dtype.byteSize()),
                    dtype == DType.FLOAT64, 1.0) * refNorm + 0x1p-52 * refNorm;
            assertTrue(Math.abs(norm - refNorm) <= normBound, () -> "norm2 " + norm + " vs " + refNorm);
            assertEquals(REFERENCE.vectorOps().maxAbs(ra), cuda.vectorOps().maxAbs(ca), "maxAbs is exact");
            assertFalse(cuda.vectorOps().hasNonFinite(ca));
        }
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            int at = random.nextInt(n);
            double[] c = a.clone();
            c[at] = bad;
            try (Tensor cc = tensor(cuda, dtype, c); Tensor rc = tensor(REFERENCE, dtype, c)) {
                assertTrue(cuda.vectorOps().hasNonFinite(cc), () -> bad + " at " + at);
                assertEquals(REFERENCE.vectorOps().maxAbs(rc), cuda.vectorOps().maxAbs(cc), () -> "maxAbs with " + bad + " at " + at);
            }
        }
    }

    /**
     * {@code linearCombination} of 1, 2, 3 and 20 terms (coefficients of both signs, 1, 0 and
     * subnormal; values with NaN, ±Infinity, ±0 and subnormals), into a separate tensor and into its
     * first and its last term: equal to the reference bit for bit, which computes each element in
     * double with the terms in order and rounds once, as the kernel does.
     */
    static void assertLinearCombinationAgrees(Backend cuda, DType dtype, int n) {
        SplittableRandom random = new SplittableRandom(n * 13L + dtype.ordinal());
        double[] special = {1, 0, -1, Double.MIN_VALUE, 0.1, -3.5e10};
        for (int terms : new int[] {1, 2, 3, 20}) {
            double[][] values = new double[terms + 1][];
            for (int k = 0; k <= terms; k++) {
                values[k] = TestData.doubles(random, n);
            }
            double[] c = new double[terms];
            for (int k = 0; k < terms; k++) {
                c[k] = random.nextInt(3) == 0 ? special[random.nextInt(special.length)] : random.nextGaussian();
            }
            for (int into : new int[] {terms, 0, terms - 1}) { // terms: the extra tensor, not a term
                String what = "linearCombination of " + terms + " terms into " + (into == terms ? "a separate tensor"
                        : "term " + into);
                List<Tensor> ours = tensors(cuda, dtype, values);
                List<Tensor> theirs = tensors(REFERENCE, dtype, values);
                try {
                    cuda.vectorOps().linearCombination(c, ours.subList(0, terms).toArray(Tensor[]::new), ours.get(into));
                    REFERENCE.vectorOps().linearCombination(c, theirs.subList(0, terms).toArray(Tensor[]::new), theirs.get(into));
                    for (int k = 0; k <= terms; k++) {
                        assertSameBits(what + ", tensor " + k, theirs.get(k).toDoubleArray(), ours.get(k).toDoubleArray());
                    }
                } finally {
                    ours.forEach(Tensor::close);
                    theirs.forEach(Tensor::close);
                }
            }
        }
    }

    /**
     * {@code dots} of 3 × 7 tensors (more products than one launch takes; tensors on both sides and
     * twice on one side): every entry within {@link ReductionPlan#dotBound} of the reference's dot,
     * bit for bit the backend's own {@code dot} of the same pair (the kernel shares its code and
     * order), deterministic, and no entry written beyond {@code a.length·b.length}.
     */
    static void assertDotsAgree(Backend cuda, DType dtype, int n) {
        SplittableRandom random = new SplittableRandom(n * 17L + dtype.ordinal());
        double[][] values = new double[5][];
        for (int k = 0; k < values.length; k++) {
            values[k] = gaussian(random, n);
        }
        int[] left = {0, 1, 2};
        int[] right = {1, 3, 0, 4, 2, 1, 3};
        List<Tensor> ours = tensors(cuda, dtype, values);
        List<Tensor> theirs = tensors(REFERENCE, dtype, values);
        try {
            Tensor[] a = pick(ours, left);
            Tensor[] b = pick(ours, right);
            double[] out = new double[left.length * right.length + 2];
            Arrays.fill(out, 42.0);
            cuda.vectorOps().dots(a, b, out);
            double[] ref = new double[left.length * right.length];
            REFERENCE.vectorOps().dots(pick(theirs, left), pick(theirs, right), ref);
            double[] again = new double[ref.length];
            cuda.vectorOps().dots(a, b, again);
            for (int i = 0; i < left.length; i++) {
                double[] x = theirs.get(left[i]).toDoubleArray();
                for (int j = 0; j < right.length; j++) {
                    int k = i * right.length + j;
                    double[] y = theirs.get(right[j]).toDoubleArray();
                    double sumAbs = 0;
                    for (int e = 0; e < n; e++) {
                        sumAbs += Math.abs(x[e] * y[e]);
                    }
                    double bound = ReductionPlan.dotBound(n, true, Alignment.lanes(dtype.byteSize()),
                            dtype == DType.FLOAT64, sumAbs);
                    String where = "dots[" + i + "][" + j + "] of " + n + " elements";
                    assertTrue(Math.abs(out[k] - ref[k]) <= bound, () -> where + ": " + out[k] + " vs " + ref[k]
                            + ", bound " + bound);
                    assertEquals(Double.doubleToLongBits(cuda.vectorOps().dot(a[i], b[j])), Double.doubleToLongBits(out[k]),
                            where + " is dot's own result");
                    assertEquals(Double.doubleToLongBits(out[k]), Double.doubleToLongBits(again[k]), where + " is deterministic");
                }
            }
            assertEquals(42.0, out[ref.length], "dots writes no entry beyond a.length·b.length");
            assertEquals(42.0, out[ref.length + 1], "dots writes no entry beyond a.length·b.length");
        } finally {
            ours.forEach(Tensor::close);
            theirs.forEach(Tensor::close);
        }
    }

    static void assertBitwiseEqual(Map<String, float[]> expected, Map<String, float[]> actual, String where) {
        assertEquals(expected.keySet(), actual.keySet(), where);
        for (var e : expected.entrySet()) {
            float[] x = e.getValue();
            float[] y = actual.get(e.getKey());
            assertEquals(x.length, y.length, where + " " + e.getKey());
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToIntBits(x[i]) != Float.floatToIntBits(y[i])) {
                    throw new AssertionError(where + ", " + e.getKey() + "[" + i + "]: reference " + x[i] + " ("
                            + Integer.toHexString(Float.floatToRawIntBits(x[i])) + "), cuda " + y[i] + " ("
                            + Integer.toHexString(Float.floatToRawIntBits(y[i])) + ")");
                }
            }
        }
    }

    /** Runs {@code op} on both backends over tensors holding {@code a} and {@code b}; both must end equal. */
    private static void check(Backend cuda, String what, DType dtype, double[] a, double[] b, BiConsumer<Backend, Tensor[]> op) {
        try (Tensor ca = tensor(cuda, dtype, a); Tensor cb = tensor(cuda, dtype, b);
                Tensor ra = tensor(REFERENCE, dtype, a); Tensor rb = tensor(REFERENCE, dtype, b)) {
            op.accept(cuda, new Tensor[] {ca, cb});
            op.accept(REFERENCE, new Tensor[] {ra, rb});
            assertSameBits(what + " (a)", ra.toDoubleArray(), ca.toDoubleArray());
            assertSameBits(what + " (b)", rb.toDoubleArray(), cb.toDoubleArray());
        }
    }

    static void assertSameBits(String what, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "] of " + expected.length + ": reference " + expected[i]
                        + ", cuda " + actual[i]);
            }
        }
    }

    static Tensor tensor(Backend backend, DType dtype, double[] values) {
        Tensor t = backend.allocate("t", dtype, values.length);
        t.copyFrom(values);
        return t;
    }

    /** One tensor of {@code dtype} per row of {@code values}, on {@code backend}. */
    static List<Tensor> tensors(Backend backend, DType dtype, double[][] values) {
        List<Tensor> list = new ArrayList<>();
        for (double[] v : values) {
            list.add(tensor(backend, dtype, v));
        }
        return list;
    }

    private static Tensor[] pick(List<Tensor> tensors, int[] which) {
        Tensor[] picked = new Tensor[which.length];
        for (int i = 0; i < which.length; i++) {
            picked[i] = tensors.get(which[i]);
        }
        return picked;
    }

    static double[] gaussian(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian() * (1 + 1e-9 * random.nextDouble());
        }
        return v;
    }
}

package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dots} and {@code linearCombination} against the reference backend, float32 and float64, over
 * sizes around the vector lengths, around a run of {@link SimdReductions#RUN} and a block of
 * {@link Chunks#CHUNK}, and one large enough to run on two threads; with tensors that repeat (in both
 * arrays, twice in one, the output among the inputs).
 *
 * <p>Tolerances. {@code linearCombination} evaluates the reference's double operations in the
 * reference's order, without fused multiply-adds, and rounds once, so it must equal the reference bit
 * for bit. Each result of {@code dots} must equal the backend's own {@code dot} of the same two tensors
 * bit for bit (same runs, lanes and blocks), and so lie within the bound of {@link SimdVectors#dot} of
 * the reference: {@code 2γₙ·Σ|aᵢbᵢ|} ({@link RoundingBounds}), the distance between two summation
 * orders. A bound relative to the result, such as 1e-12, would not be sound: the products cancel.
 */
class MultiTensorOpsTest {

    private static final ReferenceBackend REFERENCE = new ReferenceBackend();
    private static final SimdBackend SIMD = new SimdBackend(2);
    private static final long[] SIZES = {0, 1, 7, 15, 16, 17, 1000, 2 * SimdReductions.RUN + 3, 4099, Chunks.CHUNK + 1,
            100003, 3 * ChunkScheduler.PARALLEL_THRESHOLD + 5};

    private final List<Tensor> open = new ArrayList<>();

    static Stream<Arguments> cases() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64)
                .flatMap(dtype -> Arrays.stream(SIZES).mapToObj(n -> Arguments.of(dtype, (int) n)));
    }

    @AfterEach
    void closeTensors() {
        open.forEach(Tensor::close);
        open.clear();
    }

    /** {@code count} tensors of seeded Gaussians on {@code backend}, the same values on every backend. */
    private Tensor[] gaussians(Backend backend, String name, DType dtype, int n, int count, long seed) {
        Random random = new Random(seed);
        Tensor[] ts = new Tensor[count];
        for (int k = 0; k < count; k++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextGaussian();
            }
            ts[k] = backend.allocate(name + k, dtype, n);
            ts[k].copyFrom(v);
            open.add(ts[k]);
        }
        return ts;
    }

    /** The tensors {@code ts[picks[0]], ts[picks[1]], ...}. */
    private static Tensor[] pick(Tensor[] ts, int... picks) {
        return Arrays.stream(picks).mapToObj(k -> ts[k]).toArray(Tensor[]::new);
    }

    // ---- dots --------------------------------------------------------------------------------------

    /** Index lists into eight tensors: disjoint sides, a tensor on both sides and twice on one, and a Gram matrix. */
    private static final int[][][] DOTS_CASES = {
        {{0, 1, 2}, {3, 4, 5, 6, 7}},
        {{0, 5}, {5, 0, 0, 6}},
        {{0, 1, 2, 3, 4}, {0, 1, 2, 3, 4}},
        {{7}, {0, 1, 2, 3, 4, 5, 6}},
    };

    @ParameterizedTest(name = "{0}[{1}]")
    @MethodSource("cases")
    void eachDotsResultEqualsTheBackendsDotAndIsWithinTheDotBoundOfTheReference(DType dtype, int n) {
        Tensor[] r = gaussians(REFERENCE, "t", dtype, n, 8, 11);
        Tensor[] s = gaussians(SIMD, "t", dtype, n, 8, 11);
        double[][] values = Arrays.stream(r).map(Tensor::toDoubleArray).toArray(double[][]::new);
        for (int[][] c : DOTS_CASES) {
            Tensor[] sa = pick(s, c[0]);
            Tensor[] sb = pick(s, c[1]);
            double[] out = new double[sa.length * sb.length + 1];
            out[out.length - 1] = 42; // past the results: must stay
            SIMD.vectorOps().dots(sa, sb, out);
            assertEquals(42, out[out.length - 1], "dots wrote past its a.length·b.length results");
            for (int i = 0; i < sa.length; i++) {
                for (int j = 0; j < sb.length; j++) {
                    String what = "dots " + Arrays.deepToString(c) + " " + dtype.label() + "[" + n + "] (" + i + ", "
                            + j + ")";
                    double actual = out[i * sb.length + j];
                    assertEquals(Double.doubleToLongBits(SIMD.vectorOps().dot(sa[i], sb[j])), Double.doubleToLongBits(actual),
                            what + ": not the backend's own dot");
                    double[] x = values[c[0][i]];
                    double[] y = values[c[1][j]];
                    double magnitudes = 0;
                    for (int k = 0; k < n; k++) {
                        magnitudes += Math.abs(x[k] * y[k]);
                    }
                    double expected = REFERENCE.vectorOps().dot(r[c[0][i]], r[c[1][j]]);
                    double bound = RoundingBounds.twoSums(n, magnitudes);
                    assertTrue(Math.abs(actual - expected) <= bound,
                            what + ": " + actual + " vs reference " + expected + ", bound " + bound);
                }
            }
        }
    }

    @Test
    void dotsDoNotDependOnTheThreadCount() {
        int n = 3 * (int) ChunkScheduler.PARALLEL_THRESHOLD + 5;
        SimdBackend oneThread = new SimdBackend(1);
        for (DType dtype : DType.computed()) {
            Tensor[] two = gaussians(SIMD, "t", dtype, n, 6, 5);
            Tensor[] one = gaussians(oneThread, "t", dtype, n, 6, 5);
            double[] expected = new double[9];
            double[] actual = new double[9];
            oneThread.vectorOps().dots(pick(one, 0, 1, 2), pick(one, 3, 4, 5), expected);
            SIMD.vectorOps().dots(pick(two, 0, 1, 2), pick(two, 3, 4, 5), actual);
            for (int k = 0; k < 9; k++) {
                assertEquals(Double.doubleToLongBits(expected[k]), Double.doubleToLongBits(actual[k]),
                        dtype.label() + " result " + k + ": " + actual[k] + " on 2 threads, " + expected[k] + " on 1");
            }
        }
    }

    // ---- linearCombination -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}[{1}]")
    @MethodSource("cases")
    void linearCombinationEqualsTheReferenceBitForBit(DType dtype, int n) {
        Random random = new Random(n);
        for (int terms : new int[] {1, 3, 21}) {
            double[] c = random.doubles(terms, -2, 2).toArray();
            c[terms / 2] = 0; // a zero term still rounds as the reference's does
            // the result into a tensor of its own (index terms), then into the first, a middle and the last term
            for (int out : new LinkedHashSet<>(List.of(terms, 0, terms / 2, terms - 1))) {
                Tensor[] r = gaussians(REFERENCE, "v", dtype, n, terms + 1, 17);
                Tensor[] s = gaussians(SIMD, "v", dtype, n, terms + 1, 17);
                REFERENCE.vectorOps().linearCombination(c, Arrays.copyOf(r, terms), r[out]);
                SIMD.vectorOps().linearCombination(c, Arrays.copyOf(s, terms), s[out]);
                String into = out == terms ? "a tensor of its own" : "term " + out;
                assertBitwiseEqual(r[out], s[out], "linearCombination of " + terms + " terms into " + into + ", "
                        + dtype.label() + "[" + n + "]");
                closeTensors(); // 2 × 22 large tensors per round: free them before the next
            }
        }
        Tensor[] r = gaussians(REFERENCE, "w", dtype, n, 3, 19);
        Tensor[] s = gaussians(SIMD, "w", dtype, n, 3, 19);
        double[] c = {0.5, -1.25, 3};
        REFERENCE.vectorOps().linearCombination(c, pick(r, 0, 0, 1), r[2]);
        SIMD.vectorOps().linearCombination(c, pick(s, 0, 0, 1), s[2]);
        assertBitwiseEqual(r[2], s[2], "linearCombination with a repeated term, " + dtype.label() + "[" + n + "]");
    }

    private static void assertBitwiseEqual(Tensor expected, Tensor actual, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
                fail(what + ": element " + i + " is " + a[i] + ", reference " + e[i]);
            }
        }
    }

    // ---- bad arguments -----------------------------------------------------------------------------

    @Test
    void dotsRejectBadArgumentsNamingTheProblem() {
        Tensor[] t = gaussians(SIMD, "t", DType.FLOAT64, 10, 2, 1);
        Tensor shorter = track(SIMD.allocate("shorter", DType.FLOAT64, 9));
        Tensor floats = track(SIMD.allocate("floats", DType.FLOAT32, 10));
        Tensor foreign = track(REFERENCE.allocate("foreign", DType.FLOAT64, 10));
        assertMessage(IllegalArgumentException.class, "at least one tensor",
                () -> SIMD.vectorOps().dots(new Tensor[0], t, new double[0]));
        assertMessage(IllegalArgumentException.class, "needs 4 results",
                () -> SIMD.vectorOps().dots(t, t, new double[3]));
        assertMessage(IllegalArgumentException.class, "shape mismatch",
                () -> SIMD.vectorOps().dots(t, new Tensor[] {shorter}, new double[2]));
        assertMessage(IllegalArgumentException.class, "dtype mismatch",
                () -> SIMD.vectorOps().dots(t, new Tensor[] {floats}, new double[2]));
        assertMessage(IllegalArgumentException.class, "'foreign' belongs to backend 'reference'",
                () -> SIMD.vectorOps().dots(new Tensor[] {foreign}, t, new double[2]));
        Tensor closed = SIMD.allocate("closed", DType.FLOAT64, 10);
        closed.close();
        assertMessage(IllegalStateException.class, "'closed' is closed",
                () -> SIMD.vectorOps().dots(t, new Tensor[] {closed}, new double[2]));
    }

    @Test
    void linearCombinationRejectsBadArgumentsNamingTheProblem() {
        Tensor[] t = gaussians(SIMD, "t", DType.FLOAT64, 10, 2, 1);
        Tensor out = track(SIMD.allocate("out", DType.FLOAT64, 10));
        Tensor shorter = track(SIMD.allocate("shorter", DType.FLOAT64, 9));
        Tensor foreign = track(REFERENCE.allocate("foreign", DType.FLOAT64, 10));
        assertMessage(IllegalArgumentException.class, "as many coefficients as tensors",
                () -> SIMD.vectorOps().linearCombination(new double[] {1}, t, out));
        assertMessage(IllegalArgumentException.class, "as many coefficients as tensors",
                () -> SIMD.vectorOps().linearCombination(new double[0], new Tensor[0], out));
        assertMessage(IllegalArgumentException.class, "shape mismatch",
                () -> SIMD.vectorOps().linearCombination(new double[] {1, 2}, t, shorter));
        assertMessage(IllegalArgumentException.class, "'foreign' belongs to backend 'reference'",
                () -> SIMD.vectorOps().linearCombination(new double[] {1, 2}, t, foreign));
        Tensor closed = SIMD.allocate("closed", DType.FLOAT64, 10);
        closed.close();
        assertMessage(IllegalStateException.class, "'closed' is closed",
                () -> SIMD.vectorOps().linearCombination(new double[] {1, 2}, new Tensor[] {t[0], closed}, out));
    }

    private Tensor track(Tensor t) {
        open.add(t);
        return t;
    }

    static void assertMessage(Class<? extends RuntimeException> type, String fragment, Runnable call) {
        RuntimeException e = assertThrows(type, call::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}

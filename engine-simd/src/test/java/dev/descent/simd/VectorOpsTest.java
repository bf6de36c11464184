package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector operations against the reference backend, float32 and float64, over sizes around the
 * vector lengths and one large enough to run on two threads. Elementwise operations must agree bit for
 * bit (same operation order); maxAbs and hasNonFinite exactly (they do not round); dot and norm2 within
 * the bound of {@link SimdVectors#dot}, which is the rounding error of two different summation orders.
 */
class VectorOpsTest {

    private static final ReferenceBackend REFERENCE = new ReferenceBackend();
    private static final SimdBackend SIMD = new SimdBackend(2);
    private static final long[] SIZES =
            {0, 1, 7, 15, 16, 17, 1000, 4099, 100003, 3 * ChunkScheduler.PARALLEL_THRESHOLD + 5};

    static Stream<Arguments> cases() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64)
                .flatMap(dtype -> java.util.Arrays.stream(SIZES).mapToObj(n -> Arguments.of(dtype, (int) n)));
    }

    /** The same seeded values on a backend: Gaussians, and divisors kept away from 0. */
    private static Tensor values(Backend backend, String name, DType dtype, int n, long seed, boolean divisor) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            v[i] = divisor ? Math.copySign(0.5 + Math.abs(x), x) : x;
        }
        Tensor t = backend.allocate(name, dtype, n);
        t.copyFrom(v);
        return t;
    }

    /** Runs {@code op} on (x, y) of both backends and asserts that y ends equal bit for bit. */
    private static void assertSameResult(DType dtype, int n, String what, BiConsumer<Backend, Tensor[]> op) {
        Tensor[] r = {values(REFERENCE, "x", dtype, n, 1, false), values(REFERENCE, "y", dtype, n, 2, true)};
        Tensor[] s = {values(SIMD, "x", dtype, n, 1, false), values(SIMD, "y", dtype, n, 2, true)};
        op.accept(REFERENCE, r);
        op.accept(SIMD, s);
        double[] expected = r[1].toDoubleArray();
        double[] actual = s[1].toDoubleArray();
        for (int i = 0; i < n; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                fail(what + " " + dtype.label() + "[" + n + "]: element " + i + " is " + actual[i] + ", reference "
                        + expected[i]);
            }
        }
        for (Tensor t : r) {
            t.close();
        }
        for (Tensor t : s) {
            t.close();
        }
    }

    @ParameterizedTest(name = "{0}[{1}]")
    @MethodSource("cases")
    void elementwiseOperationsEqualTheReferenceBitForBit(DType dtype, int n) {
        assertSameResult(dtype, n, "axpy", (b, t) -> b.vectorOps().axpy(-0.3, t[0], t[1]));
        assertSameResult(dtype, n, "scale", (b, t) -> b.vectorOps().scale(1.0 / 3, t[1]));
        assertSameResult(dtype, n, "copy", (b, t) -> b.vectorOps().copy(t[0], t[1]));
        assertSameResult(dtype, n, "fill", (b, t) -> b.vectorOps().fill(t[1], Math.PI));
        assertSameResult(dtype, n, "multiply", (b, t) -> b.vectorOps().multiply(t[0], t[1], t[1]));
        assertSameResult(dtype, n, "divide", (b, t) -> b.vectorOps().divide(t[0], t[1], t[1]));
        assertSameResult(dtype, n, "divide into the dividend", (b, t) -> {
            b.vectorOps().divide(t[1], t[0], t[0]);
            b.vectorOps().copy(t[0], t[1]);
        });
    }

    @ParameterizedTest(name = "{0}[{1}]")
    @MethodSource("cases")
    void dotAndNorm2AreWithinTheStatedBoundOfTheReference(DType dtype, int n) {
        try (Tensor ra = values(REFERENCE, "a", dtype, n, 3, false);
                Tensor rb = values(REFERENCE, "b", dtype, n, 4, false);
                Tensor sa = values(SIMD, "a", dtype, n, 3, false); Tensor sb = values(SIMD, "b", dtype, n, 4, false)) {
            double sumOfMagnitudes = 0;
            double[] a = ra.toDoubleArray();
            double[] b = rb.toDoubleArray();
            for (int i = 0; i < n; i++) {
                sumOfMagnitudes += Math.abs(a[i] * b[i]);
            }
            double u = 0x1p-53;
            double gamma = n * u / (1 - n * u);
            double dotBound = 2 * gamma * sumOfMagnitudes;
            double expectedDot = REFERENCE.vectorOps().dot(ra, rb);
            double dot = SIMD.vectorOps().dot(sa, sb);
            assertTrue(Math.abs(dot - expectedDot) <= dotBound,
                    "dot " + dot + " vs reference " + expectedDot + ", bound " + dotBound);
            double expectedNorm = REFERENCE.vectorOps().norm2(ra);
            double norm = SIMD.vectorOps().norm2(sa);
            double normBound = (gamma + 2 * u) * expectedNorm;
            assertTrue(Math.abs(norm - expectedNorm) <= normBound,
                    "norm2 " + norm + " vs reference " + expectedNorm + ", bound " + normBound);
        }
    }

    @ParameterizedTest(name = "{0}[{1}]")
    @MethodSource("cases")
    void maxAbsAndHasNonFiniteAreExact(DType dtype, int n) {
        try (Tensor r = values(REFERENCE, "x", dtype, n, 5, false); Tensor s = values(SIMD, "x", dtype, n, 5, false)) {
            assertEquals(REFERENCE.vectorOps().maxAbs(r), SIMD.vectorOps().maxAbs(s));
            assertFalse(SIMD.vectorOps().hasNonFinite(s));
            if (n == 0) {
                assertEquals(0.0, SIMD.vectorOps().maxAbs(s), "an empty tensor's maxAbs");
                return;
            }
            double[] v = s.toDoubleArray();
            // first, last (in the masked tail when n is not a multiple of the lanes) and middle elements
            for (int i : new int[] {0, n - 1, n / 2}) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    double saved = v[i];
                    v[i] = bad;
                    s.copyFrom(v);
                    assertTrue(SIMD.vectorOps().hasNonFinite(s), bad + " at " + i + " of " + n);
                    double max = SIMD.vectorOps().maxAbs(s);
                    if (Double.isNaN(bad)) {
                        assertTrue(Double.isNaN(max), "maxAbs with a NaN at " + i + " of " + n + " is " + max);
                    } else {
                        assertEquals(Double.POSITIVE_INFINITY, max, "maxAbs with " + bad + " at " + i);
                    }
                    v[i] = saved;
                }
            }
            s.copyFrom(v);
            assertFalse(SIMD.vectorOps().hasNonFinite(s));
        }
    }
}

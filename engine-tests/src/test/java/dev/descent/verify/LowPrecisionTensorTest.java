package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.HalfFloats;
import dev.descent.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bfloat16 and float16 tensors on every backend: allocated zero (an odd element count too), copies in
 * round to nearest even exactly as {@link HalfFloats} does (from float64 through float32), copies out
 * widen exactly, raw bytes go in and out untouched, views share memory, CPU backends wrap the caller's
 * 16-bit memory, and the kernels that compute only in float32/float64 refuse them naming the tensor.
 * Exact comparisons: conversions have one right answer, and {@link HalfFloats} is itself checked
 * against torch.
 */
class LowPrecisionTensorTest {

    static Stream<Arguments> cases() {
        return BackendsUnderTest.names().flatMap(b -> Stream.of(DType.BFLOAT16, DType.FLOAT16).map(d -> Arguments.of(b, d)));
    }

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-6, 6)));
        }
        v[0] = Float.NaN;
        v[1] = Float.NEGATIVE_INFINITY;
        v[2] = 1e6f; // past float16's range
        v[3] = -0f;
        v[4] = 1e-7f; // a float16 subnormal
        return v;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void copiesInRoundToNearestEvenAndCopiesOutWidenExactly(String name, DType dtype) {
        Backend backend = BackendsUnderTest.require(name);
        int n = 1001;
        float[] v = values(n, 12);
        try (Tensor t = backend.allocate("w", dtype, n)) {
            assertEquals(dtype, t.dtype());
            assertArrayEquals(new float[n], t.toFloatArray(), "allocated zero, the odd last element too");
            t.copyFrom(v);
            float[] expected = new float[n];
            double[] widened = new double[n];
            for (int i = 0; i < n; i++) {
                expected[i] = HalfFloats.widen(dtype, HalfFloats.narrow(dtype, v[i]));
                widened[i] = expected[i];
            }
            assertArrayEquals(expected, t.toFloatArray());
            assertArrayEquals(widened, t.toDoubleArray());
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = v[i] + 0x1p-60 * v[i]; // rounds to v[i] in float32 first, whatever float64 adds
            }
            t.copyFrom(new float[n]);
            t.copyFrom(d);
            assertArrayEquals(expected, t.toFloatArray(), "float64 goes through float32");
            assertTrue(t.toString().contains(dtype.label() + "[1001]"), t::toString);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rawBytesGoInAndOutUntouched(String name, DType dtype) {
        Backend backend = BackendsUnderTest.require(name);
        int n = 257;
        try (Arena arena = Arena.ofConfined(); Tensor t = backend.allocate("w", dtype, n)) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_SHORT, n);
            for (int i = 0; i < n; i++) {
                in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (i * 0x1234 + 0x7C01)); // NaN payloads included
            }
            t.copyFrom(in);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_SHORT, n);
            t.copyTo(out);
            assertEquals(-1, in.mismatch(out), "the 16-bit patterns as they were");
            float[] f = t.toFloatArray();
            assertEquals(HalfFloats.widen(dtype, (short) (5 * 0x1234 + 0x7C01)), f[5], 0f);
            assertThrows(IllegalArgumentException.class, () -> t.copyTo(arena.allocate(2L * n - 2)),
                    "a segment one element short");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aViewSharesItsParentsSixteenBitMemory(String name, DType dtype) {
        Backend backend = BackendsUnderTest.require(name);
        try (Tensor parent = backend.allocate("params", dtype, 9)) {
            parent.copyFrom(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8});
            Tensor w = backend.view(parent, "0.weight", 3, 2, 2);
            assertEquals(dtype, w.dtype());
            assertArrayEquals(new float[] {3, 4, 5, 6}, w.toFloatArray());
            w.copyFrom(new float[] {-3, -4, -5, 1.00390625f}); // 1 + 2^-8: bfloat16 rounds it to 1, float16 keeps it
            float last = dtype == DType.BFLOAT16 ? 1f : 1.00390625f;
            assertArrayEquals(new float[] {0, 1, 2, -3, -4, -5, last, 7, 8}, parent.toFloatArray());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void vectorOperationsRefuseSixteenBitTensorsNamingThem(String name, DType dtype) {
        Backend backend = BackendsUnderTest.require(name);
        try (Tensor x = backend.allocate("x", dtype, 4); Tensor y = backend.allocate("y", dtype, 4)) {
            x.copyFrom(new float[] {1, 2, 3, 4});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.vectorOps().axpy(2, x, y));
            assertEquals("tensor 'x' is " + dtype.label() + ": vector operations, objectives and network kernels"
                    + " compute in float32 and float64 only (copy it to a float32 tensor, or update it with an"
                    + " optimizer that keeps float32 master weights)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> backend.vectorOps().dot(x, y));
            assertArrayEquals(new float[4], y.toFloatArray(), "nothing changed");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void cpuBackendsWrapTheCallersSixteenBitMemory(String name, DType dtype) {
        Backend backend = BackendsUnderTest.require(name);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(ValueLayout.JAVA_SHORT, 6);
            if (name.equals("cuda")) {
                assertThrows(UnsupportedOperationException.class, () -> backend.wrap("w", memory, dtype, 6));
                return;
            }
            Tensor t = backend.wrap("w", memory, dtype);
            assertEquals(6, t.size(), "12 bytes of 2-byte elements");
            t.copyFrom(new float[] {1, 2, 3, 4, 5, 6});
            assertEquals(HalfFloats.narrow(dtype, 4f), memory.getAtIndex(ValueLayout.JAVA_SHORT, 3), "zero-copy");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.wrap("w", arena.allocate(7), dtype));
            assertEquals("tensor 'w': a segment of 7 bytes is not a whole number of " + dtype.label()
                    + " elements (2 bytes each); wrap a slice, segment.asSlice(offset, bytes), or give the shape",
                    e.getMessage());
        }
    }
}

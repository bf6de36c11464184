package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.HalfFloats;
import dev.descent.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend's tensors on the emulated device: transfers cut into many staging chunks (4 KiB
 * here) with float↔double conversion across chunk boundaries, segments, empty tensors, lifetime,
 * ownership, the errors users see.
 */
class EmulatedTensorTest {

    private EmulatedDevice device;
    private CudaBackend cuda;

    @BeforeEach
    void start() {
        device = EmulatedDevice.start().orElse(null);
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        cuda = new CudaBackend(device);
    }

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    @Test
    void arraysRoundTripThroughManyChunksWithConversion() {
        int n = 3 * EmulatedDevice.STAGING_BYTES / 4 + 77; // float32: 3 full chunks and a partial one
        float[] f = TestData.withSpecials(new SplittableRandom(1), n, 1f);
        double[] d = TestData.doubles(new SplittableRandom(2), n);
        try (Tensor t32 = cuda.fromArray("f", f); Tensor t64 = cuda.fromArray("d", d)) {
            assertSameFloats(f, t32.toFloatArray());
            double[] back = t64.toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(d[i]), Double.doubleToLongBits(back[i]), "element " + i);
            }
            // float32 tensor from doubles rounds each once; float64 tensor to floats likewise
            t32.copyFrom(d);
            float[] rounded = t32.toFloatArray();
            float[] narrowed = t64.toFloatArray();
            double[] widened = new double[n];
            t32.copyTo(widened);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits((float) d[i]), Float.floatToIntBits(rounded[i]), "element " + i);
                assertEquals(Float.floatToIntBits((float) d[i]), Float.floatToIntBits(narrowed[i]), "element " + i);
                assertEquals(Double.doubleToLongBits((float) d[i]), Double.doubleToLongBits(widened[i]), "element " + i);
            }
        }
    }

    @Test
    void sixteenBitTensorsRoundThroughManyChunksAndAnOddCountIsZeroedWhole() {
        int n = 3 * EmulatedDevice.STAGING_BYTES / 2 + 77; // 2-byte elements: 3 full chunks and a partial one
        float[] f = TestData.withSpecials(new SplittableRandom(3), n, 1f);
        for (DType dtype : new DType[] {DType.BFLOAT16, DType.FLOAT16}) {
            try (Tensor t = cuda.allocate("h", dtype, n)) {
                assertArrayEquals(new float[n], t.toFloatArray(), dtype + " allocated zero, the odd last element too");
                t.copyFrom(f);
                float[] back = t.toFloatArray();
                for (int i = 0; i < n; i++) {
                    float expected = HalfFloats.widen(dtype, HalfFloats.narrow(dtype, f[i]));
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(back[i]), dtype + " element " + i);
                }
                Tensor tail = cuda.view(t, "tail", n - 3, 3);
                tail.copyFrom(new float[] {1, 2, 3});
                assertArrayEquals(new float[] {1, 2, 3}, tail.toFloatArray(), "a view at an odd 2-byte offset");
            }
        }
    }

    @Test
    void segmentsRoundTripAndShapesAreKept() {
        int n = 5000;
        try (Arena arena = Arena.ofConfined(); Tensor t = cuda.allocate("w", DType.FLOAT64, 50, 100)) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
            for (int i = 0; i < n; i++) {
                in.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i * 0.25 - 7);
            }
            t.copyFrom(in);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE, n + 3); // larger is fine
            t.copyTo(out);
            assertEquals(-1, out.asSlice(0, 8L * n).mismatch(in));
            assertArrayEquals(new long[] {50, 100}, t.shape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.copyFrom(arena.allocate(8L * n - 8)));
            assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains(String.valueOf(8L * n)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.copyTo(in.asReadOnly()));
        }
    }

    @Test
    void allocatedTensorsAreZeroEvenWhereTheDeviceMemoryWasNot() {
        // The emulator fills new allocations with 0xFF (NaN); allocate must clear them.
        try (Tensor a = cuda.allocate("a", DType.FLOAT32, 1001); Tensor b = cuda.allocate("b", DType.FLOAT64, 3)) {
            assertArrayEquals(new float[1001], a.toFloatArray());
            assertArrayEquals(new double[3], b.toDoubleArray());
        }
    }

    @Test
    void emptyTensorsHoldNoMemory() {
        int before = device.liveAllocations();
        try (Tensor e = cuda.allocate("e", DType.FLOAT32, 0, 4); Tensor f = cuda.fromArray("f", new float[0])) {
            assertEquals(before, device.liveAllocations());
            assertEquals(0, e.size());
            assertArrayEquals(new float[0], f.toFloatArray());
            cuda.vectorOps().copy(e, e);
        }
    }

    @Test
    void closeFreesOnceAndUseAfterCloseNamesTheTensor() {
        int before = device.liveAllocations();
        Tensor t = cuda.fromArray("fc1.weight", new float[] {1, 2});
        assertEquals(before + 1, device.liveAllocations());
        t.close();
        t.close();
        assertEquals(before, device.liveAllocations());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> cuda.vectorOps().scale(2, t));
        assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
        assertTrue(t.isClosed());
        assertTrue(t.toString().contains("closed"), t.toString());
    }

    @Test
    void foreignTensorsAreRejectedByName() {
        ReferenceBackend reference = new ReferenceBackend();
        try (Tensor mine = cuda.fromArray("mine", new float[] {1}); Tensor theirs = reference.fromArray("theirs", new float[] {1})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cuda.vectorOps().axpy(1, theirs, mine));
            assertTrue(e.getMessage().contains("theirs") && e.getMessage().contains("reference"), e.getMessage());
            CudaBackend other = new CudaBackend(device);
            e = assertThrows(IllegalArgumentException.class, () -> other.vectorOps().scale(1, mine));
            assertTrue(e.getMessage().contains("another instance of backend 'cuda'"), e.getMessage());
        }
    }

    @Test
    void wrapSaysWhatToDoInstead() {
        try (Arena arena = Arena.ofConfined()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> cuda.wrap("dw", arena.allocate(16), DType.FLOAT32));
            assertTrue(e.getMessage().contains("cannot wrap host memory") && e.getMessage().contains("'dw'")
                    && e.getMessage().contains("copyFrom(segment)"), e.getMessage());
        }
    }

    @Test
    void outOfMemoryNamesTheTensorTheBytesAndWhatIsFree() {
        device.close();
        device = EmulatedDevice.start(1 << 20).orElseThrow();
        cuda = new CudaBackend(device);
        try (Tensor small = cuda.allocate("small", DType.FLOAT32, 1000)) {
            CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class,
                    () -> cuda.allocate("huge", DType.FLOAT32, 1_000_000));
            assertEquals(4_000_000, e.requestedBytes());
            assertEquals((1 << 20) - 4000, e.freeBytes());
            assertTrue(e.getMessage().contains("tensor 'huge'") && e.getMessage().contains("4000000")
                    && e.getMessage().contains(String.valueOf((1 << 20) - 4000)), e.getMessage());
            assertEquals(1000, small.size());
        }
    }

    @Test
    void aKernelOverAClosedStateTensorThrowsNamingIt() {
        try (Tensor p = cuda.fromArray("w", new float[] {1, 2}); Tensor g = cuda.fromArray("dw", new float[] {1, 1})) {
            Tensor buf = cuda.allocate("w.momentum_buffer", DType.FLOAT32, 2);
            List<ParameterSlots> slots = List.of(new ParameterSlots(p, g, Map.of("momentum_buffer", buf)));
            SgdCoefficients c = new SgdCoefficients(0.1f, 0.9f, 1f, 0f, false, false, true);
            cuda.optimizerKernels().step(c, slots); // builds and caches the group's table
            buf.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cuda.optimizerKernels().step(c, slots));
            assertTrue(e.getMessage().contains("w.momentum_buffer"), e.getMessage());
        }
    }

    @Test
    void optimizerKernelsRejectFloat64AndMisshapenState() {
        try (Tensor p = cuda.fromArray("w", new float[] {1, 2}); Tensor g = cuda.fromArray("dw", new double[] {1, 1});
                Tensor g32 = cuda.fromArray("dw32", new float[] {1, 1}); Tensor buf = cuda.allocate("buf", DType.FLOAT32, 3)) {
            SgdCoefficients c = new SgdCoefficients(0.1f, 0.9f, 1f, 0f, false, false, true);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cuda.optimizerKernels().step(c, List.of(new ParameterSlots(p, g, Map.of("momentum_buffer", buf)))));
            assertTrue(e.getMessage().contains("dw") && e.getMessage().contains("float32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> cuda.optimizerKernels().step(c, List.of(new ParameterSlots(p, g32, Map.of("momentum_buffer", buf)))));
            assertTrue(e.getMessage().contains("buf") && e.getMessage().contains("shape"), e.getMessage());
        }
    }

    private static void assertSameFloats(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "element " + i);
        }
    }
}

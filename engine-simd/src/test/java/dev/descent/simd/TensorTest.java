package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SIMD backend's tensors: where they live, when they die, and whose they are. */
class TensorTest {

    private final SimdBackend simd = new SimdBackend(2);

    @Test
    void allocatedTensorsAreOffHeapZeroedAndCacheLineAligned() {
        try (Tensor t = simd.allocate("w", DType.FLOAT32, 3, 5)) {
            MemorySegment s = ((CpuTensor) t).segment();
            assertTrue(s.isNative(), "off-heap");
            assertEquals(0, s.address() % CpuTensor.ALIGNMENT, "64-byte aligned");
            assertArrayEquals(new float[15], t.toFloatArray());
            assertArrayEquals(new long[] {3, 5}, t.shape());
        }
    }

    @Test
    void fromArrayCopiesTheValues() {
        float[] values = {1, 2, 3};
        try (Tensor t = simd.fromArray("v", values)) {
            values[0] = 99;
            assertArrayEquals(new float[] {1, 2, 3}, t.toFloatArray());
        }
    }

    @Test
    void useAfterCloseThrowsNamingTheTensor() {
        Tensor t = simd.fromArray("fc1.weight", new float[] {1, 2});
        Tensor other = simd.fromArray("fc1.bias", new float[] {1, 2});
        t.close();
        t.close(); // closing twice is harmless
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> simd.vectorOps().scale(2, t));
        assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> simd.vectorOps().dot(other, t));
        assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
        e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
        other.close();
    }

    @Test
    void aKernelOverAClosedStateTensorThrowsNamingIt() {
        try (Tensor p = simd.fromArray("w", new float[] {1, 2}); Tensor g = simd.fromArray("dw", new float[] {1, 1})) {
            Tensor buf = simd.allocate("w.momentum_buffer", DType.FLOAT32, 2);
            buf.close();
            List<ParameterSlots> slots = List.of(new ParameterSlots(p, g, Map.of("momentum_buffer", buf)));
            SgdCoefficients c = new SgdCoefficients(0.1f, 0.9f, 1f, 0f, false, false, true);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> simd.optimizerKernels().step(c, slots));
            assertTrue(e.getMessage().contains("w.momentum_buffer"), e.getMessage());
        }
    }

    @Test
    void wrapIsZeroCopyOverTheCallersSegment() {
        int n = 3 * (int) ChunkScheduler.PARALLEL_THRESHOLD + 7; // large enough for two threads
        try (Arena arena = Arena.ofConfined()) { // confined: only this thread may touch it, the backend must notice
            MemorySegment memory = arena.allocate(ValueLayout.JAVA_FLOAT, n);
            Tensor t = simd.wrap("wrapped", memory, DType.FLOAT32);
            assertEquals(n, t.size());
            simd.vectorOps().fill(t, 2.5);
            assertEquals(2.5f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, n - 1),
                    "the caller sees the backend's writes");
            memory.setAtIndex(ValueLayout.JAVA_FLOAT, 3, -4f);
            assertEquals(-4f, t.toFloatArray()[3], "the backend sees the caller's writes");

            // an optimizer step writes straight into the caller's memory
            Tensor grad = simd.wrap("grad", arena.allocate(ValueLayout.JAVA_FLOAT, n), DType.FLOAT32);
            simd.vectorOps().fill(grad, 1);
            try (Optimizer opt = Optimizer.of(simd, Adam.defaults().withLr(0.5), new Parameter(t, grad))) {
                opt.step();
            }
            assertEquals(2.0f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, 0), 1e-6f, "Adam's first step moves by lr");
            t.close();
            assertEquals(2.0f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, 0), 1e-6f, "closing forgets, never frees");
        }
    }

    @Test
    void tensorsOfAnotherBackendAreRejected() {
        ReferenceBackend reference = new ReferenceBackend();
        try (Tensor foreign = reference.fromArray("ref.x", new float[] {1, 2});
                Tensor own = simd.fromArray("simd.y", new float[] {1, 2})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> simd.vectorOps().axpy(1, foreign, own));
            assertTrue(e.getMessage().contains("ref.x") && e.getMessage().contains("reference"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> simd.vectorOps().maxAbs(foreign));
            List<ParameterSlots> slots = List.of(new ParameterSlots(own, foreign, Map.of()));
            SgdCoefficients c = new SgdCoefficients(0.1f, 0f, 1f, 0f, false, false, true);
            e = assertThrows(IllegalArgumentException.class, () -> simd.optimizerKernels().step(c, slots));
            assertTrue(e.getMessage().contains("ref.x"), e.getMessage());
        }
    }

    @Test
    void mismatchedShapesAndDtypesAreRejected() {
        try (Tensor a = simd.allocate("a", DType.FLOAT32, 4); Tensor b = simd.allocate("b", DType.FLOAT32, 5);
                Tensor c = simd.allocate("c", DType.FLOAT64, 4)) {
            assertThrows(IllegalArgumentException.class, () -> simd.vectorOps().copy(a, b));
            assertThrows(IllegalArgumentException.class, () -> simd.vectorOps().multiply(a, c, a));
        }
    }

    @Test
    void threadsIsTheConstructorsCount() {
        assertEquals(3, new SimdBackend(3).threads());
        assertThrows(IllegalArgumentException.class, () -> new SimdBackend(0));
        assertSame(SimdBackend.NAME, simd.name());
    }
}

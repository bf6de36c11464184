package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Views of CUDA tensors ({@link CudaBackend#view}) on the emulated device: a window of the parent's
 * device memory (writes through either are seen by the other), at offsets that break the 16-byte
 * alignment of vector loads, usable by every kernel; owning nothing; closed with the parent.
 */
class EmulatedTensorViewTest extends EmulatedBackendTestBase {

    @Test
    void aViewIsAWindowOfItsParentsMemory() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor flat = cuda.fromArray("flat", new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})) {
            Tensor w = cuda.view(flat, "0.weight", 1, 2, 3);
            Tensor b = cuda.view(flat, "0.bias", 7, 3);
            assertArrayEquals(new long[] {2, 3}, w.shape());
            assertEquals(DType.FLOAT32, w.dtype());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.toFloatArray());
            b.copyFrom(new float[] {70, 80, 90});
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 70, 80, 90}, flat.toFloatArray());
            cuda.vectorOps().scale(2, w); // an elementwise kernel on an unaligned window (offset 4 bytes)
            assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10, 12, 70, 80, 90}, flat.toFloatArray());
        }
    }

    @Test
    void networkKernelsRunOnViewsOfOneFlatVector() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        // A 2 → 2 layer as a window of a flat vector: weight [[1, 2], [3, 4]] at offset 1, bias [10, 20] at 5.
        try (Tensor flat = cuda.fromArray("flat", new double[] {-1, 1, 2, 3, 4, 10, 20});
                Tensor x = cuda.fromArray("x", new double[] {1, 1, 2, 0}, 2, 2);
                Tensor z = cuda.allocate("z", DType.FLOAT64, 2, 2)) {
            Tensor w = cuda.view(flat, "0.weight", 1, 2, 2);
            Tensor bias = cuda.view(flat, "0.bias", 5, 2);
            cuda.networkKernels().matMulTransposeB(x, w, z, false);
            cuda.networkKernels().biasActivation(z, bias, Activation.IDENTITY, z);
            assertArrayEquals(new double[] {13, 27, 12, 26}, z.toDoubleArray());
            cuda.networkKernels().columnSums(x, bias, true); // the gradient written into the window
            assertArrayEquals(new double[] {-1, 1, 2, 3, 4, 13, 21}, flat.toDoubleArray());
        }
    }

    @Test
    void aViewOwnsNothingAndClosesWithItsParent() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        int live = device.liveAllocations();
        Tensor parent = cuda.allocate("flat", DType.FLOAT32, 8);
        Tensor view = cuda.view(parent, "layer", 2, 4);
        Tensor inner = cuda.view(view, "row", 1, 2);
        assertEquals(live + 1, device.liveAllocations(), "a view allocates nothing");
        view.close();
        assertTrue(view.isClosed());
        assertFalse(parent.isClosed(), "closing a view leaves the parent open");
        assertEquals(live + 1, device.liveAllocations(), "closing a view frees nothing");
        parent.toFloatArray();
        parent.close();
        assertEquals(live, device.liveAllocations());
        assertTrue(inner.isClosed(), "a view of a view of a closed tensor is closed");
        String m = assertThrows(IllegalStateException.class, inner::toFloatArray).getMessage();
        assertTrue(m.contains("'row'") && m.contains("'layer'"), m);
        Tensor sibling;
        try (Tensor p = cuda.allocate("p", DType.FLOAT32, 4)) {
            sibling = cuda.view(p, "w", 0, 4);
        }
        m = assertThrows(IllegalStateException.class, () -> cuda.vectorOps().scale(2, sibling)).getMessage();
        assertTrue(m.contains("'w'") && m.contains("'p'") && m.contains("closed"), m);
        try (Tensor out = cuda.allocate("out", DType.FLOAT32, 1)) {
            assertThrows(IllegalStateException.class, () -> cuda.networkKernels().gatherRows(sibling, new int[] {0}, out));
        }
    }

    @Test
    void aWindowOutsideTheParentIsRefused() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor parent = cuda.allocate("flat", DType.FLOAT64, 6);
                Tensor foreign = KernelAgreement.REFERENCE.allocate("cpu", DType.FLOAT64, 6)) {
            String m = assertThrows(IllegalArgumentException.class, () -> cuda.view(parent, "w", 4, 3)).getMessage();
            assertTrue(m.contains("'w'") && m.contains("'flat'") && m.contains("offset 4"), m);
            assertThrows(IllegalArgumentException.class, () -> cuda.view(parent, "w", -1, 2));
            assertThrows(IllegalArgumentException.class, () -> cuda.view(foreign, "w", 0, 2));
            assertEquals(0, cuda.view(parent, "empty", 6, 0).size());
        }
    }
}

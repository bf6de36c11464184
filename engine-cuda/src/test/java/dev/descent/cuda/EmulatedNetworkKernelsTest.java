package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.NetworkKernels;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The network kernels ({@code network.cu}), run by the emulator from the CUDA sources, against the
 * reference backend in float32 and float64 ({@link NetworkAgreement} states each check and its
 * tolerance). GEMM shapes: single rows, columns and terms, no terms at all, and sizes on both sides of
 * the {@value NetworkPlan#TILE}-wide tiles and the {@value NetworkPlan#DEPTH}-term stages, with more
 * tiles than the emulated device's 4 resident blocks (so the blocks go round the grid-stride loop).
 */
class EmulatedNetworkKernelsTest extends EmulatedBackendTestBase implements NetworkKernelsContract {

    @Override
    public CudaBackend backend() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        return cuda;
    }

    /** {m, n, k}. */
    @Override
    public int[][] gemmShapes() {
        return new int[][] {{1, 1, 1}, {1, 5, 3}, {3, 1, 7}, {2, 3, 0}, {64, 64, 16}, {65, 63, 17}, {130, 70, 33},
            {7, 129, 1}, {0, 3, 2}};
    }

    @Override
    public int[][] shapes() {
        return new int[][] {{1, 1}, {1, 10}, {3, 5}, {17, 300}, {600, 3}, {0, 4}};
    }

    @Test
    void aBadLabelIsNamedWithItsRow() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        NetworkKernels k = cuda.networkKernels();
        for (double bad : new double[] {3, -1, 1.5, Double.NaN}) {
            try (Tensor z = cuda.allocate("z", DType.FLOAT32, 5, 3); Tensor g = cuda.allocate("g", DType.FLOAT32, 5, 3);
                    Tensor y = cuda.fromArray("labels", new float[] {0, 1, 2, (float) bad, (float) bad}, 5)) {
                String m = assertThrows(IllegalArgumentException.class, () -> k.softmaxCrossEntropy(z, y, g, 1)).getMessage();
                assertTrue(m.contains("row 3") && m.contains("'labels'") && m.contains("0 … 2"), m);
                assertEquals(1, k.correctPredictions(z, y), "a label that is not a class matches no row (all logits tie at 0)");
            }
        }
    }

    @Test
    void onlyTheScalarComesBack() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor z = cuda.allocate("z", DType.FLOAT32, 300, 10); Tensor g = cuda.allocate("g", DType.FLOAT32, 300, 10);
                Tensor y = cuda.allocate("y", DType.FLOAT32, 300)) {
            device.resetTransferRecords();
            cuda.networkKernels().softmaxCrossEntropy(z, y, g, 1.0 / 300);
            cuda.networkKernels().correctPredictions(z, y);
            cuda.networkKernels().squaredError(g, z, g, 1);
            assertTrue(device.largestDownload() <= 2, "downloads of at most two doubles (a sum and the bad-label flag), got "
                    + device.largestDownload() + " elements");
            assertEquals(0, device.largestUpload(), "nothing uploaded");
        }
    }

    @Test
    void emptyOperandsLaunchNothing() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor e = cuda.allocate("e", DType.FLOAT64, 0, 4); Tensor y = cuda.allocate("y", DType.FLOAT64, 0);
                Tensor t = cuda.allocate("t", DType.FLOAT64, 0, 4);
                Tensor w = cuda.allocate("w", DType.FLOAT64, 3, 4); Tensor o = cuda.allocate("o", DType.FLOAT64, 0, 3)) {
            int before = device.launches();
            NetworkKernels k = cuda.networkKernels();
            k.matMulTransposeB(e, w, o, false);
            assertEquals(0.0, k.softmaxCrossEntropy(e, y, e, 1));
            assertEquals(0L, k.correctPredictions(e, y));
            assertEquals(0.0, k.squaredError(e, t, e, 1));
            k.gatherRows(w, new int[0], e);
            assertEquals(before, device.launches());
        }
    }
}

package dev.descent.cuda;

/**
 * The network kernels on a real GPU, held to the reference as {@link NetworkAgreement} states: the
 * emulator's shapes (tile and stage edges) and the products of a 784-256-10 network on mini-batches of
 * 128 and on 1000 examples, where the hardware's FMA units and many resident blocks are used. Skipped,
 * naming the reason, wherever the backend is unavailable; {@code scripts/gpu-check.sh} runs it on a
 * GPU machine.
 */
class GpuNetworkKernelsTest implements NetworkKernelsContract {

    @Override
    public CudaBackend backend() {
        return RealGpu.require();
    }

    /** The emulator's shapes and a 784-256-10 network's X·Wᵀ, dZᵀ·H and dZ·W. */
    @Override
    public int[][] gemmShapes() {
        return new int[][] {{1, 1, 1}, {65, 63, 17}, {130, 70, 33}, {7, 129, 1}, {2, 3, 0}, {128, 256, 784},
            {256, 784, 128}, {128, 784, 256}, {128, 10, 256}, {10, 256, 128}, {1000, 256, 784}, {333, 777, 129}};
    }

    @Override
    public int[][] shapes() {
        return new int[][] {{1, 1}, {3, 5}, {128, 10}, {128, 256}, {10_000, 10}, {4097, 33}};
    }
}

package dev.descent.cuda;

/**
 * The tiling of the GEMM kernels of {@code network.cu}: each block computes a {@value #TILE} ×
 * {@value #TILE} tile of the product, staging {@value #DEPTH} terms of both operands at a time in shared
 * memory, each thread a {@value #MICRO} × {@value #MICRO} block of outputs. Every output is one chain
 * of fused multiply-adds over the terms in ascending order, so the tiling and the grid change where the
 * work runs, never the bits.
 */
final class NetworkPlan {

    /** The rows and columns of one block's tile of the product ({@code kTile}). */
    static final int TILE = 64;

    /** The terms staged in shared memory at a time ({@code kDepth}). */
    static final int DEPTH = 16;

    /** The rows and columns of one thread's block of outputs ({@code kMicro}). */
    static final int MICRO = 4;

    private NetworkPlan() {
    }

    /** The tiles of an {@code m × n} product (both > 0). */
    static long tiles(long m, long n) {
        if (m < 1 || n < 1) {
            throw new IllegalArgumentException("a product of " + m + " × " + n + " has no tiles");
        }
        return Math.ceilDiv(m, TILE) * Math.ceilDiv(n, TILE);
    }
}

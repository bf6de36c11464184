package dev.descent.cuda;

/**
 * How many blocks a launch uses. Every kernel runs {@value #BLOCK} threads per block (the
 * {@code kBlock} of {@code descent.cuh}). Grid-stride kernels (the fused optimizer steps and the
 * elementwise operations) get no more blocks than the GPU holds at once, so that every block stays
 * resident and loops over its share; reductions have a grid of their own ({@link ReductionPlan}).
 */
final class LaunchGeometry {

    /** Threads per block. */
    static final int BLOCK = 256;

    /** The largest grid (x extent) CUDA accepts. */
    static final int MAX_GRID = Integer.MAX_VALUE;

    private LaunchGeometry() {
    }

    /** The most blocks that are resident at once: {@code multiprocessors × residentPerMultiprocessor}, at least 1. */
    static int residentGrid(int multiprocessors, int residentPerMultiprocessor) {
        if (multiprocessors < 1 || residentPerMultiprocessor < 0) {
            throw new IllegalArgumentException("a GPU with " + multiprocessors + " multiprocessors holding "
                    + residentPerMultiprocessor + " blocks each");
        }
        long grid = (long) multiprocessors * Math.max(1, residentPerMultiprocessor);
        return (int) Math.min(grid, MAX_GRID);
    }

    /**
     * The grid of a fused optimizer step over {@code chunks} chunks (> 0): one block per chunk, up to
     * what is resident; the blocks take the chunks grid-stride.
     */
    static int fused(long chunks, int multiprocessors, int residentPerMultiprocessor) {
        if (chunks < 1) {
            throw new IllegalArgumentException("a fused step needs at least one chunk, got " + chunks);
        }
        return perItem(chunks, multiprocessors, residentPerMultiprocessor);
    }

    /**
     * The grid of a launch whose blocks take {@code items} (> 0) work items grid-stride (the rows of
     * {@code A·x}, the tiles of {@code Aᵀ·v}): one block per item, up to what is resident.
     */
    static int perItem(long items, int multiprocessors, int residentPerMultiprocessor) {
        if (items < 1) {
            throw new IllegalArgumentException("a launch needs at least one work item, got " + items);
        }
        return (int) Math.min(items, residentGrid(multiprocessors, residentPerMultiprocessor));
    }

    /**
     * The grid of an elementwise operation over {@code elements} (> 0) elements moved {@code lanes} at a
     * time when vectorized: enough blocks for one thread per vector (or element), up to what is resident.
     */
    static int elementwise(long elements, int lanes, boolean vectorized, int multiprocessors,
            int residentPerMultiprocessor) {
        if (elements < 1) {
            throw new IllegalArgumentException("an elementwise launch needs at least one element, got " + elements);
        }
        long items = vectorized ? Math.max(1, elements / lanes) : elements;
        long blocks = Math.ceilDiv(items, BLOCK);
        return (int) Math.min(blocks, residentGrid(multiprocessors, residentPerMultiprocessor));
    }
}

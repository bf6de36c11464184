package dev.descent.cuda;

/**
 * The geometry of the deterministic reductions ({@code reductions.cu}) and the rounding bound it
 * implies. Pass 1 runs {@link #blocks(long)} blocks, a number that depends on the element count alone,
 * never on the GPU, so a tensor reduces to the same bits on every device; pass 2 folds their partials
 * in one block.
 */
final class ReductionPlan {

    /** The most blocks of pass 1 (and so partials of pass 2). */
    static final int MAX_BLOCKS = 1024;

    /** Pass 1 gives each block at least this many elements before it adds blocks. */
    static final int ELEMENTS_PER_BLOCK = 4096;

    private static final int TREE_LEVELS = Integer.numberOfTrailingZeros(LaunchGeometry.BLOCK);

    private ReductionPlan() {
    }

    /** The blocks of pass 1 over {@code n} (> 0) elements: {@code ceil(n / 4096)}, at most {@value #MAX_BLOCKS}. */
    static int blocks(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("a reduction over " + n + " elements");
        }
        return (int) Math.min(MAX_BLOCKS, Math.ceilDiv(n, ELEMENTS_PER_BLOCK));
    }

    /**
     * The most additions one term of a sum over {@code n} elements meets on its way to the result: its
     * thread's running sum (at most {@code ceil((n / lanes) / threads)·lanes} terms, plus one element of
     * the tail), the block's tree, pass 2's running sum over {@code ceil(blocks / 256)} partials and its
     * tree. With {@code u = 2⁻⁵³} and {@code γₖ = k·u / (1 - k·u)}, the sum is within
     * {@code γ_depth · Σ|termᵢ|} of the exact one (Higham, Accuracy and Stability of Numerical
     * Algorithms, §4.2).
     */
    static long roundingDepth(long n, boolean vectorized, int lanes) {
        int blocks = blocks(n);
        long threads = (long) blocks * LaunchGeometry.BLOCK;
        long perThread = vectorized
                ? Math.ceilDiv(n / lanes, threads) * lanes + 1
                : Math.ceilDiv(n, threads);
        long partialsPerThread = Math.ceilDiv(blocks, LaunchGeometry.BLOCK);
        return perThread + TREE_LEVELS + partialsPerThread + TREE_LEVELS;
    }

    /**
     * How far the GPU's {@code dot} may be from the reference's left-to-right sum:
     * {@code (γ_depth + γ_n)·Σ|aᵢbᵢ|}, one more rounding per term on each side for float64 products
     * (a float32 product is exact in double).
     */
    static double dotBound(long n, boolean vectorized, int lanes, boolean float64, double sumOfAbsProducts) {
        long extra = float64 ? 1 : 0;
        return (gamma(roundingDepth(n, vectorized, lanes) + extra) + gamma(n + extra)) * sumOfAbsProducts;
    }

    /** {@code γₖ = k·u / (1 - k·u)} for {@code u = 2⁻⁵³}. */
    static double gamma(long k) {
        double ku = k * 0x1p-53;
        return ku / (1 - ku);
    }
}

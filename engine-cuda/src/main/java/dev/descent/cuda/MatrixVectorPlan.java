package dev.descent.cuda;

/**
 * The geometry of {@code matrix_vector.cu} and the rounding bounds it implies. Like
 * {@link ReductionPlan}, it depends on the matrix's shape alone, never on the GPU, so the same
 * operands always give the same bits.
 *
 * <p>{@code A·x}: one warp's worth of threads ({@value #WARP}) per row, {@value #ROWS_PER_BLOCK} rows per
 * block. {@code Aᵀ·v}: one thread per column and segment of consecutive rows; enough segments that
 * about {@value #TARGET_THREADS} threads share the work, but no more than {@code rows / }{@value
 * #MIN_SEGMENT_ROWS} (rounded up), so that a partial, written and read back once, costs little beside
 * its rows; then one pass adds each column's segments.
 */
final class MatrixVectorPlan {

    /** Threads per row of {@code A·x} ({@code kWarp}). */
    static final int WARP = 32;

    /** Rows of {@code A·x} per block at a time. */
    static final int ROWS_PER_BLOCK = LaunchGeometry.BLOCK / WARP;

    /** Threads {@code Aᵀ·v} spreads its work over, about: enough to keep any current GPU's memory busy. */
    static final long TARGET_THREADS = 1L << 18;

    /** The fewest rows of one segment of {@code Aᵀ·v} (unless the matrix has fewer). */
    static final long MIN_SEGMENT_ROWS = 64;

    private static final int WARP_LEVELS = Integer.numberOfTrailingZeros(WARP);

    private MatrixVectorPlan() {
    }

    /** The groups of {@value #ROWS_PER_BLOCK} rows of {@code A·x} over {@code rows} rows: the blocks' work items. */
    static long rowGroups(long rows) {
        return Math.ceilDiv(rows, ROWS_PER_BLOCK);
    }

    /** The rows of each segment of {@code Aᵀ·v} for a {@code rows × cols} matrix ({@code rows, cols ≥ 1}). */
    static long segmentRows(long rows, long cols) {
        requirePositive(rows, cols);
        long wanted = Math.max(1, Math.min(Math.ceilDiv(TARGET_THREADS, cols), Math.ceilDiv(rows, MIN_SEGMENT_ROWS)));
        return Math.ceilDiv(rows, wanted);
    }

    /** The segments of {@code Aᵀ·v}: {@code ceil(rows / segmentRows)}, at most about {@code TARGET_THREADS / cols}. */
    static int segments(long rows, long cols) {
        return Math.toIntExact(Math.ceilDiv(rows, segmentRows(rows, cols)));
    }

    /** The column tiles of {@code Aᵀ·v}, {@link LaunchGeometry#BLOCK} columns each; a block's work item is a tile and a segment. */
    static long columnTiles(long cols) {
        return Math.ceilDiv(cols, LaunchGeometry.BLOCK);
    }

    /**
     * The most additions a term of one output of {@code A·x} meets: its lane's running sum of
     * {@code ceil(cols / 32)} terms and the {@value #WARP}-lane tree. The output is within
     * {@code γ_depth·Σⱼ|aᵢⱼxⱼ|} of the exact sum of the products (see {@link ReductionPlan#roundingDepth}).
     */
    static long matVecDepth(long cols) {
        return Math.ceilDiv(cols, WARP) + WARP_LEVELS;
    }

    /**
     * The most additions a term of one output of {@code Aᵀ·v} meets: its segment's running sum and the
     * sum of the segments. With one segment it is the reference's left-to-right sum itself.
     */
    static long matTransposeVecDepth(long rows, long cols) {
        return segmentRows(rows, cols) + segments(rows, cols) - 1;
    }

    private static void requirePositive(long rows, long cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a plan for a " + rows + " × " + cols + " matrix");
        }
    }
}

package dev.descent.simd;

/**
 * The fixed partition of {@code Aᵀ·v} over a {@code rows × cols} matrix into tiles for the {@link
 * WorkerPool}: {@code columnBlocks} blocks of at most {@link #COLUMNS} columns times {@code rowBlocks}
 * blocks of rows. A tile adds its rows into the double sums of its row block and columns, so tiles
 * never write the same sum; the row blocks' sums are then added in block order. Like {@link Chunks},
 * the partition depends only on the shape, never on the thread count.
 *
 * <p>Rows are split only as far as the columns leave too few tiles (about one per {@link
 * Chunks#CHUNK} elements of the matrix), and into at most {@link #MAX_ROW_BLOCKS} blocks, because
 * each row block costs {@code cols} partial sums. A matrix of fewer than {@code 2·CHUNK} elements per
 * column block (a wide one: fewer than 128 rows) has one row block and sums in the reference's order.
 *
 * @param rows the matrix rows
 * @param cols the matrix columns
 * @param rowBlocks the blocks the rows are cut into, at least 1
 * @param columnBlocks the blocks the columns are cut into
 */
record TransposeTiles(long rows, int cols, int rowBlocks, int columnBlocks) {

    /** Columns per tile: 8 KiB of double sums, which stay in L1 while the tile's rows stream past. */
    static final int COLUMNS = 1024;

    /** The most row blocks: with 16 there are tiles enough for 16 threads even for a single column block. */
    static final int MAX_ROW_BLOCKS = 16;

    /** The tiles of a {@code rows × cols} matrix. */
    static TransposeTiles of(long rows, long cols) {
        int c = Math.toIntExact(cols); // as the reference: the sums of a row are one array
        int columnBlocks = (c + COLUMNS - 1) / COLUMNS;
        long chunks = (Math.multiplyExact(rows, cols) + Chunks.CHUNK - 1) / Chunks.CHUNK;
        long rowBlocks = Math.max(1, chunks / Math.max(1, columnBlocks));
        rowBlocks = Math.min(rowBlocks, Math.min(MAX_ROW_BLOCKS, Math.max(1, rows)));
        rowBlocks = Math.min(rowBlocks, Math.max(1, (Integer.MAX_VALUE - 8) / Math.max(1, c))); // sums in one array
        return new TransposeTiles(rows, c, (int) rowBlocks, columnBlocks);
    }

    /** The number of tiles. */
    int tiles() {
        return rowBlocks * columnBlocks;
    }

    /** The first row of row block {@code r} ({@code r = rowBlocks} gives the end). */
    long rowFrom(int r) {
        return Math.multiplyExact(rows, r) / rowBlocks;
    }

    /** The first column of column block {@code c}. */
    int columnFrom(int c) {
        return c * COLUMNS;
    }

    /** The end of column block {@code c}. */
    int columnTo(int c) {
        return Math.min(cols, (c + 1) * COLUMNS);
    }
}

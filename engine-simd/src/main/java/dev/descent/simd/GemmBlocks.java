package dev.descent.simd;

/**
 * The cache blocks of one {@code [m, k]·[k, n]} product for {@link FloatGemm} (Goto &amp; van de Geijn,
 * "Anatomy of High-Performance Matrix Multiplication", ACM TOMS 34(3), 2008: the loops of BLIS): the
 * summed dimension in {@code kBlocks} blocks of at most {@link #KC} terms, the rows of the result in
 * blocks of {@code mc} (a multiple of {@link FloatGemm#MR}) and its columns in blocks of {@code nc} (a
 * multiple of {@link FloatGemm#NR}). A task of the {@link WorkerPool} is one column block of the result
 * and a group of its row blocks ({@code rowGroups} groups; one on one thread), which it owns: tasks never
 * write the same element. A task packs its columns of {@code b} once per {@code k} block and reuses them
 * for all its row blocks.
 *
 * <p>The {@code k} blocks depend only on {@code k}, so every element of the result is the same sum in
 * the same order whatever the row and column blocks, and those may follow the thread count: with
 * several threads the columns, then the row blocks, are cut until there are about two tasks per thread.
 *
 * @param m the rows of the result
 * @param n the columns of the result
 * @param k the terms of each element's sum
 * @param mc the rows of a row block, a multiple of {@code MR}
 * @param nc the columns of a column block, a multiple of {@code NR}
 * @param kc the terms of a {@code k} block (the last may have fewer)
 * @param rowGroups the groups the row blocks are dealt into, one per task and column block
 */
record GemmBlocks(int m, int n, int k, int mc, int nc, int kc, int rowGroups) {

    /**
     * The most terms of a {@code k} block: a packed {@code MC × KC} block of {@code a} (147 KiB) stays in
     * L2 and a packed {@code KC × NR} panel of {@code b} (16 KiB with 8 lanes) in L1 while the
     * micro-kernel streams them.
     */
    static final int KC = 256;

    /** The most rows of a row block. */
    static final int MC = 144;

    /** The most columns of a column block: its packed {@code KC × NC} panel of {@code b} is 512 KiB. */
    static final int NC = 512;

    /** The blocks of an {@code [m, k]·[k, n]} product run on {@code threads} threads. */
    static GemmBlocks of(int m, int n, int k, int threads) {
        int kBlocks = Math.max(1, ceilDiv(k, KC));
        int kc = Math.max(1, ceilDiv(k, kBlocks)); // equal blocks: 784 = 4 × 196, not 3 × 256 + 16
        int rowBlocks = Math.max(1, ceilDiv(m, MC));
        int mc = roundUp(ceilDiv(m, rowBlocks), FloatGemm.MR);
        int columnBlocks = Math.max(1, ceilDiv(n, NC));
        int panels = Math.max(1, ceilDiv(n, FloatGemm.NR));
        if (threads > 1) {
            columnBlocks = Math.max(columnBlocks, Math.min(panels, 2 * threads));
        }
        int nc = roundUp(ceilDiv(n, columnBlocks), FloatGemm.NR);
        columnBlocks = Math.max(1, ceilDiv(n, nc));
        int rowGroups = threads > 1 ? Math.min(rowBlocks, ceilDiv(2 * threads, columnBlocks)) : 1;
        return new GemmBlocks(m, n, k, mc, nc, kc, rowGroups);
    }

    /** The number of row blocks. */
    int rowBlocks() {
        return Math.max(1, ceilDiv(m, mc));
    }

    /** The number of column blocks. */
    int columnBlocks() {
        return Math.max(1, ceilDiv(n, nc));
    }

    /** The number of tasks: one per column block and row group. */
    int tasks() {
        return rowGroups * columnBlocks();
    }

    /** The first row block of row group {@code g} ({@code g = rowGroups} gives the end). */
    int firstRowBlock(int g) {
        return (int) ((long) rowBlocks() * g / rowGroups);
    }

    /** The number of {@code k} blocks. */
    int kBlocks() {
        return ceilDiv(k, kc);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}

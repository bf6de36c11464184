package dev.descent.spark;

import java.util.ArrayList;
import java.util.List;

/** A data set's examples cut into blocks of consecutive rows, the one cut every block type uses. */
final class BlockCuts {
    private BlockCuts() {
    }

    /** Makes block {@code index} of the rows {@code [start, start + rows)}. */
    @FunctionalInterface
    interface BlockMaker<B> {
        B make(int index, int start, int rows);
    }

    /**
     * {@code totalRows} examples in blocks of {@code blockRows} consecutive rows (the last may be shorter),
     * numbered from 0 in order.
     */
    static <B> List<B> cut(int totalRows, int blockRows, BlockMaker<B> maker) {
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be ≥ 1, got " + blockRows);
        }
        List<B> blocks = new ArrayList<>();
        for (int start = 0, index = 0; start < totalRows; start += blockRows, index++) {
            blocks.add(maker.make(index, start, Math.min(blockRows, totalRows - start)));
        }
        return blocks;
    }
}

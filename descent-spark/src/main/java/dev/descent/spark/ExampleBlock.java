package dev.descent.spark;

import dev.descent.objective.LabeledData;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One partition-sized block of labelled examples, the unit a distributed objective's RDD holds:
 * {@code rows} examples of {@code cols} features in one row-major {@code double[]} and their labels
 * ±1 in another, so that a block is two arrays, not one object per example, and the backend kernels
 * read it in place (a zero-copy wrap of the heap arrays).
 *
 * <p>{@code index} numbers the blocks of a data set from 0: the seeded choice of blocks for a
 * curvature sample is made by it, so it does not depend on the partitioning.
 *
 * @param index the block's number in its data set, ≥ 0
 * @param rows number of examples ≥ 1
 * @param cols number of features ≥ 1
 * @param features {@code rows·cols} values, row-major
 * @param labels {@code rows} labels, each −1 or +1
 */
public record ExampleBlock(int index, int rows, int cols, double[] features, double[] labels) implements Serializable {

    /** The default number of examples per block: 4096 rows of 100 features are 3.2 MB. */
    public static final int DEFAULT_ROWS = 4096;

    public ExampleBlock {
        if (index < 0 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("block " + index + ": needs index ≥ 0, rows ≥ 1 and cols ≥ 1, got "
                    + rows + " × " + cols);
        }
        if (features.length != (long) rows * cols || labels.length != rows) {
            throw new IllegalArgumentException("block " + index + ": " + rows + " × " + cols + " needs "
                    + (long) rows * cols + " feature values and " + rows + " labels, got " + features.length + " and "
                    + labels.length);
        }
    }

    /** The bytes of the block's arrays: what it costs in an executor's memory. */
    public long bytes() {
        return 8L * (features.length + labels.length);
    }

    /**
     * {@code data} cut into blocks of {@code blockRows} consecutive examples (the last may be shorter),
     * numbered from 0 in order; the arrays are copies.
     */
    public static List<ExampleBlock> split(LabeledData data, int blockRows) {
        int cols = data.cols();
        return BlockCuts.cut(data.rows(), blockRows, (index, start, rows) -> new ExampleBlock(index, rows, cols,
                Arrays.copyOfRange(data.features(), start * cols, (start + rows) * cols),
                Arrays.copyOfRange(data.labels(), start, start + rows)));
    }
}

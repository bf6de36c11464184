package dev.descent.spark;

import dev.descent.data.ClassificationData;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One block of a classification data set for {@link DistributedNetwork}: {@code rows} examples of
 * {@code cols} float features (row-major) and their class labels, two arrays.
 *
 * @param index the block's number in its data set, ≥ 0
 * @param rows number of examples ≥ 1
 * @param cols number of features ≥ 1
 * @param classes number of classes ≥ 2
 * @param features {@code rows·cols} values, row-major
 * @param labels {@code rows} labels in {@code 0 … classes − 1}
 */
public record NetworkBlock(int index, int rows, int cols, int classes, float[] features, int[] labels)
        implements Serializable {

    /** The block as the single-machine data set it is (checked there). */
    public ClassificationData data() {
        return new ClassificationData(rows, cols, classes, features, labels);
    }

    /** {@code data} cut into blocks of {@code blockRows} consecutive examples, numbered from 0; the arrays are copies. */
    public static List<NetworkBlock> split(ClassificationData data, int blockRows) {
        int cols = data.cols();
        return BlockCuts.cut(data.rows(), blockRows, (index, start, rows) -> new NetworkBlock(index, rows, cols,
                data.classes(), Arrays.copyOfRange(data.features(), start * cols, (start + rows) * cols),
                Arrays.copyOfRange(data.labels(), start, start + rows)));
    }
}

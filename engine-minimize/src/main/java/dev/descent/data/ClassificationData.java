package dev.descent.data;

/**
 * A classification data set: {@code rows} examples of {@code cols} float features (row-major, so
 * example {@code i}'s features are {@code features[i·cols … i·cols + cols − 1]}), each with a class
 * label in {@code 0 … classes − 1}. The arrays are shared, not copied (data sets can be large): do
 * not modify them after construction.
 *
 * @param rows number of examples ≥ 1
 * @param cols number of features per example ≥ 1
 * @param classes number of classes ≥ 2
 * @param features {@code rows·cols} values, row-major
 * @param labels {@code rows} labels, each in {@code 0 … classes − 1}
 */
public record ClassificationData(int rows, int cols, int classes, float[] features, int[] labels) {

    public ClassificationData {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a data set needs at least one example and one feature, got " + rows
                    + " × " + cols);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classification needs at least 2 classes, got " + classes);
        }
        if (features.length != (long) rows * cols || labels.length != rows) {
            throw new IllegalArgumentException(rows + " × " + cols + " data need " + (long) rows * cols
                    + " feature values and " + rows + " labels, got " + features.length + " and " + labels.length);
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label of example " + i + " is " + labels[i] + "; labels must be in 0 … "
                        + (classes - 1));
            }
        }
    }
}

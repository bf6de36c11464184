package dev.descent.data;

/**
 * A regression data set: {@code rows} examples of {@code cols} float features, each with a vector of
 * {@code outputs} float targets, both row-major (example {@code i}'s features are
 * {@code features[i·cols … i·cols + cols − 1]}, its targets {@code targets[i·outputs … i·outputs +
 * outputs − 1]}). The arrays are shared, not copied (data sets can be large): do not modify them
 * after construction.
 *
 * @param rows number of examples ≥ 1
 * @param cols number of features per example ≥ 1
 * @param outputs number of targets per example ≥ 1
 * @param features {@code rows·cols} values, row-major
 * @param targets {@code rows·outputs} values, row-major
 */
public record RegressionData(int rows, int cols, int outputs, float[] features, float[] targets) {

    public RegressionData {
        if (rows < 1 || cols < 1 || outputs < 1) {
            throw new IllegalArgumentException("a regression data set needs at least one example, one feature and one"
                    + " output, got " + rows + " examples of " + cols + " features and " + outputs + " outputs");
        }
        if (features.length != (long) rows * cols || targets.length != (long) rows * outputs) {
            throw new IllegalArgumentException(rows + " examples of " + cols + " features and " + outputs
                    + " outputs need " + (long) rows * cols + " feature values and " + (long) rows * outputs
                    + " targets, got " + features.length + " and " + targets.length);
        }
    }
}

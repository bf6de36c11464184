package dev.descent.objective;

import java.util.SplittableRandom;

/**
 * A binary classification data set: {@code rows} examples of {@code cols} features (row-major, so
 * example {@code i}'s features are {@code features[i·cols … i·cols + cols − 1]}) with labels ±1. The
 * arrays are shared, not copied (data sets can be large): do not modify them after construction.
 *
 * @param rows number of examples m ≥ 1
 * @param cols number of features ≥ 1
 * @param features {@code rows·cols} values, row-major
 * @param labels {@code rows} labels, each −1 or +1
 */
public record LabeledData(int rows, int cols, double[] features, double[] labels) {

    public LabeledData {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a data set needs at least one example and one feature, got " + rows
                    + " × " + cols);
        }
        if (features.length != (long) rows * cols || labels.length != rows) {
            throw new IllegalArgumentException(rows + " × " + cols + " data need " + (long) rows * cols
                    + " feature values and " + rows + " labels, got " + features.length + " and " + labels.length);
        }
        for (int i = 0; i < rows; i++) {
            if (labels[i] != 1 && labels[i] != -1) {
                throw new IllegalArgumentException("label of example " + i + " is " + labels[i] + "; labels must be ±1");
            }
        }
    }

    /**
     * A seeded synthetic set drawn from the logistic model itself: features i.i.d. N(0, 1), a true
     * weight vector {@code w*} with entries N(0, 1/cols) (so margins {@code xᵢᵀw*} are about N(0, 1)),
     * and {@code yᵢ = +1} with probability {@code σ(xᵢᵀw*)}, else −1. Classes overlap, so the
     * regularised problem is well conditioned.
     */
    public static LabeledData synthetic(int rows, int cols, long seed) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("synthetic data need rows ≥ 1 and cols ≥ 1, got rows = " + rows
                    + ", cols = " + cols);
        }
        long values = (long) rows * cols;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " × " + cols + " = " + values + " feature values do not fit in one array");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[cols];
        for (int j = 0; j < cols; j++) {
            w[j] = Quadratic.gaussian(random) / Math.sqrt(cols);
        }
        double[] x = new double[(int) values];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double margin = 0;
            for (int j = 0; j < cols; j++) {
                double v = Quadratic.gaussian(random);
                x[i * cols + j] = v;
                margin += v * w[j];
            }
            y[i] = random.nextDouble() < LogisticRegression.sigmoid(margin) ? 1 : -1;
        }
        return new LabeledData(rows, cols, x, y);
    }
}

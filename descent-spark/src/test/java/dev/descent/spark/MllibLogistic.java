package dev.descent.spark;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.objective.LabeledData;
import dev.descent.objective.LogisticRegression;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** MLlib's logistic regression set up to minimise Descent's function, and f evaluated at its result. */
final class MllibLogistic {

    private MllibLogistic() {
    }

    /** {@code data} as MLlib's (label 0/1, features vector) rows, cached. */
    static Dataset<Row> frame(SparkSession spark, LabeledData data, int partitions) {
        List<Row> rows = new ArrayList<>(data.rows());
        int cols = data.cols();
        for (int i = 0; i < data.rows(); i++) {
            double[] x = new double[cols];
            System.arraycopy(data.features(), i * cols, x, 0, cols);
            rows.add(RowFactory.create(data.labels()[i] > 0 ? 1.0 : 0.0, Vectors.dense(x)));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        return spark.createDataFrame(rows, schema).coalesce(partitions).cache(); // coalesce: the rows stay in order
    }

    /** MLlib's fit of mean logloss + (l2/2)·‖w‖² without intercept, to relative tolerance {@code tol}. */
    static LogisticRegressionModel fit(SparkSession spark, LabeledData data, double l2, double tol, int maxIter) {
        return estimator(l2, tol, maxIter).fit(frame(spark, data, 2));
    }

    /** The estimator: no intercept, pure L2 of coefficient {@code l2}, no change of the penalty by standardization. */
    static org.apache.spark.ml.classification.LogisticRegression estimator(double l2, double tol, int maxIter) {
        return new org.apache.spark.ml.classification.LogisticRegression()
                .setFitIntercept(false)
                .setElasticNetParam(0)
                .setStandardization(false)
                .setRegParam(l2)
                .setTol(tol)
                .setMaxIter(maxIter);
    }

    /** Descent's f at {@code w}. */
    static double value(LogisticRegression objective, double[] w) {
        Backend backend = Backends.best();
        try (Tensor x = backend.fromArray("w", w); Tensor g = backend.allocate("g", x.dtype(), w.length)) {
            return objective.valueAndGradient(x, g);
        }
    }
}

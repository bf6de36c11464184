package dev.descent.spark;

import dev.descent.objective.LogisticRegression;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A seeded logistic data set made in the executors — the driver sends each partition only its
 * number — as MLlib's data frame (label 0/1, a dense features vector): the model of
 * {@link dev.descent.objective.LabeledData#synthetic} (features N(0,1), w* with entries N(0, 1/cols),
 * labels drawn from σ(xᵀw*)), then each feature j multiplied by a seeded 10^U(−1, 1), so that the
 * scales differ by up to 100 as real features' do. The same arguments give the same rows, however
 * often the frame is read.
 */
final class SyntheticFrames {

    private SyntheticFrames() {
    }

    static Dataset<Row> frame(SparkSession spark, long rows, int cols, int partitions, long seed) {
        SplittableRandom model = new SplittableRandom(seed);
        double[] w = new double[cols];
        double[] scale = new double[cols];
        for (int j = 0; j < cols; j++) {
            w[j] = gaussian(model) / Math.sqrt(cols);
            scale[j] = Math.pow(10, model.nextDouble(-1, 1));
        }
        List<Integer> parts = IntStream.range(0, partitions).boxed().toList();
        JavaRDD<Row> data = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(parts, partitions)
                .mapPartitions(it -> rows(it.next(), rows, partitions, cols, seed, w, scale));
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        return spark.createDataFrame(data, schema);
    }

    private static Iterator<Row> rows(int part, long rows, int partitions, int cols, long seed, double[] w,
            double[] scale) {
        long start = rows * part / partitions;
        long end = rows * (part + 1) / partitions;
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + part);
        List<Row> out = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            double[] x = new double[cols];
            double margin = 0;
            for (int j = 0; j < cols; j++) {
                double v = gaussian(random);
                margin += v * w[j];
                x[j] = v * scale[j];
            }
            double label = random.nextDouble() < LogisticRegression.sigmoid(margin) ? 1 : 0;
            out.add(RowFactory.create(label, Vectors.dense(x)));
        }
        return out.iterator();
    }

    /** A standard normal deviate (Box–Muller). */
    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}

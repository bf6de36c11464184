package dev.descent.spark;

import dev.descent.backend.Backend;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.objective.LabeledData;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One run of a Descent minimizer on {@link DistributedLogisticRegression}, Spark session included:
 * what {@code descent minimize --spark MASTER} and {@link SubmitMain} call. Its signatures name no
 * Spark type, so a caller compiles and loads without Spark until it calls {@link #run}.
 */
public final class SparkMinimize {

    private SparkMinimize() {
    }

    /**
     * Where the examples come from.
     *
     * @param path a file or folder Spark reads (CSV, LIBSVM, Parquet), or null for {@code synthetic}
     * @param format its format
     * @param synthetic data made on the driver and parallelized, when {@code path} is null
     * @param blockRows examples per block
     * @param partitions partitions of {@code synthetic}, or the least number of partitions of a file
     *     (0: Spark's default)
     */
    public record Source(String path, DataFormat format, LabeledData synthetic, int blockRows, int partitions) {

        /** The file at {@code path}, in the format its name says unless {@code format} is given. */
        public static Source file(String path, String format, int partitions) {
            return new Source(path, format == null ? DataFormat.guess(path) : DataFormat.of(format), null,
                    ExampleBlock.DEFAULT_ROWS, partitions);
        }

        /** {@code data}, parallelized over {@code partitions} partitions (0: the default parallelism). */
        public static Source of(LabeledData data, int partitions) {
            return new Source(null, null, data, ExampleBlock.DEFAULT_ROWS, partitions);
        }
    }

    /**
     * What a run gives.
     *
     * @param result the minimizer's result (its f is the function's value at {@code weights})
     * @param weights the minimizer's point in original coordinates
     * @param counters the passes over the data and the bytes broadcast, the setup pass included
     * @param examples the number of examples
     * @param partitions the number of partitions of the blocks
     * @param master the Spark master the run used
     */
    public record Outcome(MinimizeResult result, double[] weights, DistributedCounters counters, long examples,
            int partitions, String master) {
    }

    /**
     * Starts a Spark session on {@code master} — null: joins the session that exists, or starts one
     * on the master {@code spark-submit} set — builds the objective on {@code source} and runs
     * {@code minimizer} from 0 with its point on {@code backend} in {@code dtype}. A session this
     * call started is stopped at the end.
     *
     * @throws IllegalArgumentException for bad data or a master Spark cannot start on (the message says
     *     what and where)
     * @throws IllegalStateException when a Spark job fails
     */
    public static Outcome run(String master, Source source, DistributedOptions options, Minimizer minimizer,
            Backend backend, DType dtype, boolean trajectory) {
        SparkSessions.Started started = SparkSessions.start(master, "descent minimize");
        SparkSession spark = started.spark();
        boolean joined = started.joined();
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            SparkData.Blocks blocks;
            if (source.path() != null) {
                blocks = SparkData.read(spark, source.path(), source.format(), source.blockRows());
                if (source.partitions() > blocks.blocks().getNumPartitions()) {
                    blocks = new SparkData.Blocks(blocks.blocks().repartition(source.partitions()), blocks.cols());
                }
            } else {
                int partitions = source.partitions() > 0 ? source.partitions() : context.defaultParallelism();
                blocks = SparkData.parallelize(context, source.synthetic(), source.blockRows(), partitions);
            }
            try (DistributedLogisticRegression objective = new DistributedLogisticRegression(blocks.blocks(),
                    blocks.cols(), options); Tensor x = objective.startingPoint(backend, dtype)) {
                MinimizeResult result = minimizer.minimize(objective, x, trajectory);
                double[] u = new double[objective.dimension()];
                x.copyTo(u);
                return new Outcome(result, objective.toOriginal(u), objective.counters(), objective.exampleCount(),
                        objective.blocks().getNumPartitions(), spark.sparkContext().master());
            } finally {
                if (joined) { // a session this call started takes its cache with it
                    blocks.blocks().unpersist(false);
                }
            }
        } finally {
            started.close();
        }
    }
}

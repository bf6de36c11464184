package dev.descent.spark;

import dev.descent.objective.LabeledData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Labelled examples where Spark users keep them — CSV, LIBSVM and Parquet files, read by Spark's
 * own readers, or any data frame — turned into an RDD of {@link ExampleBlock}s, each partition's
 * rows packed into blocks of up to {@code blockRows} examples (dense, row-major).
 */
public final class SparkData {

    private SparkData() {
    }

    /**
     * The blocks of a data set and its number of features.
     *
     * @param blocks the blocks (not yet cached: the objective caches them)
     * @param cols the number of features
     */
    public record Blocks(JavaRDD<ExampleBlock> blocks, int cols) {
    }

    /** The file (or folder of part files) at {@code path}, any URL Spark reads ({@code hdfs://}, {@code s3a://}, ...). */
    public static Blocks read(SparkSession spark, String path, DataFormat format, int blockRows) {
        Dataset<Row> frame;
        try {
            frame = switch (format) {
                case CSV -> csv(spark, path);
                case LIBSVM -> spark.read().format("libsvm").load(path);
                case PARQUET -> spark.read().parquet(path);
            };
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException (a missing path, a bad file), undeclared by Scala
            throw new IllegalArgumentException("cannot read " + format.name().toLowerCase(java.util.Locale.ROOT)
                    + " data at " + path + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        return blocks(frame, blockRows);
    }

    /**
     * {@code frame}'s rows as blocks: a {@code label} column and a {@code features} vector column, or
     * numeric columns with the label last; labels 0/1 or −1/+1.
     */
    public static Blocks blocks(Dataset<Row> frame, int blockRows) {
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be ≥ 1, got " + blockRows);
        }
        RowLayout layout = RowLayout.of(frame.schema());
        int cols;
        if (layout.hasVector()) {
            List<Row> first = frame.takeAsList(1);
            if (first.isEmpty()) {
                throw new IllegalArgumentException("the data set has no examples");
            }
            cols = layout.cols(first.getFirst());
        } else {
            cols = layout.columnCount();
        }
        JavaRDD<ExampleBlock> blocks = frame.toJavaRDD().mapPartitionsWithIndex(
                (partition, rows) -> pack(partition, rows, layout, cols, blockRows), false);
        return new Blocks(blocks, cols);
    }

    /**
     * {@code data} cut into blocks of {@code blockRows} examples over {@code partitions} partitions,
     * cached and locally checkpointed: a parallelized collection's partitions carry their data, so
     * without the checkpoint every task of every pass would ship its blocks from the driver again
     * (the first pass, which materialises the cache, still does).
     */
    public static Blocks parallelize(JavaSparkContext spark, LabeledData data, int blockRows, int partitions) {
        return new Blocks(parallelizeCached(spark, ExampleBlock.split(data, blockRows), partitions), data.cols());
    }

    /** {@code blocks} over {@code partitions} partitions, cached and locally checkpointed (see {@link #parallelize}). */
    static <T> JavaRDD<T> parallelizeCached(JavaSparkContext spark, List<T> blocks, int partitions) {
        JavaRDD<T> rdd = spark.parallelize(blocks, partitions);
        rdd.persist(StorageLevel.MEMORY_ONLY());
        rdd.rdd().localCheckpoint();
        return rdd;
    }

    /**
     * A CSV file with a schema of doubles made from its first line (so Spark does not read the file
     * once more to infer one); that line is a header, skipped, when none of its fields is a number.
     */
    private static Dataset<Row> csv(SparkSession spark, String path) {
        List<String> first = spark.read().textFile(path).takeAsList(1);
        if (first.isEmpty()) {
            throw new IllegalArgumentException(path + ": no examples");
        }
        String[] fields = first.getFirst().split(",", -1);
        boolean header = Arrays.stream(fields).noneMatch(SparkData::isNumber);
        StructType schema = new StructType();
        for (int j = 0; j < fields.length; j++) { // the header's names, so that Spark's header check agrees
            schema = schema.add(header ? fields[j].strip() : "c" + j, DataTypes.DoubleType, true);
        }
        return spark.read().schema(schema).option("header", header).option("mode", "FAILFAST").csv(path);
    }

    private static boolean isNumber(String field) {
        try {
            Double.parseDouble(field.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Packs one partition's rows into blocks, numbered {@code partition·2¹⁶ + k} so that numbers are
     * distinct across partitions (a partition of more than 2¹⁶ blocks is an error).
     */
    private static Iterator<ExampleBlock> pack(int partition, Iterator<Row> rows, RowLayout layout, int cols,
            int blockRows) {
        List<ExampleBlock> blocks = new ArrayList<>();
        double[] x = new double[blockRows * cols];
        double[] y = new double[blockRows];
        int count = 0;
        while (rows.hasNext()) {
            y[count] = layout.read(rows.next(), x, count * cols, cols);
            if (++count == blockRows) {
                blocks.add(block(partition, blocks.size(), count, cols, x, y));
                count = 0;
            }
        }
        if (count > 0) {
            blocks.add(block(partition, blocks.size(), count, cols, x, y));
        }
        return blocks.iterator();
    }

    private static ExampleBlock block(int partition, int k, int rows, int cols, double[] x, double[] y) {
        if (k >= 1 << 16 || partition >= 1 << 15) {
            throw new IllegalArgumentException("partition " + partition + " holds more than 65536 blocks, or there are"
                    + " more than 32768 partitions: use larger blocks or fewer partitions");
        }
        return new ExampleBlock((partition << 16) | k, rows, cols, Arrays.copyOf(x, rows * cols), Arrays.copyOf(y, rows));
    }
}

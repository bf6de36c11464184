package dev.descent.spark;

import dev.descent.objective.LabeledData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
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

    /**
     * The file (or folder of part files) at {@code path}, any URL Spark reads ({@code hdfs://}, {@code s3a://}, ...).
     *
     * @throws IllegalArgumentException naming {@code path} and the problem, for what is found here: a
     *     path Spark cannot read, no examples, a LIBSVM line that is not {@code label index:value …},
     *     columns that are not examples. A row that is not an example (a cell that is not a finite
     *     number, a ragged row, a label not 0/1 or −1/+1) is found when the blocks are first read:
     *     that job fails, its cause an {@code IllegalArgumentException} naming {@code path} and the
     *     row's problem, which the objectives throw as it is
     */
    public static Blocks read(SparkSession spark, String path, DataFormat format, int blockRows) {
        try {
            Dataset<Row> frame = switch (format) {
                case CSV -> csv(spark, path);
                case LIBSVM -> libsvm(spark, path);
                case PARQUET -> spark.read().parquet(path);
            };
            return blocks(frame, blockRows, path);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException (a missing path, a bad file), undeclared by Scala
            BadDataException bad = BadDataException.in(e); // a job of ours found it
            if (bad != null) {
                throw new IllegalArgumentException(bad.getMessage(), e);
            }
            throw new IllegalArgumentException("cannot read " + format.name().toLowerCase(java.util.Locale.ROOT)
                    + " data at " + path + ": " + rootLine(e), e);
        }
    }

    /**
     * {@code frame}'s rows as blocks: a {@code label} column and a {@code features} vector column, or
     * numeric columns with the label last; labels 0/1 or −1/+1. Reads the first row (a small job). A
     * bad row fails the job that first reads the blocks (see {@link #read}).
     *
     * @throws IllegalArgumentException if the columns are not examples, or there are none
     */
    public static Blocks blocks(Dataset<Row> frame, int blockRows) {
        return blocks(frame, blockRows, null);
    }

    /** {@link #blocks(Dataset, int)}, the messages naming {@code source} (a path, or null for a frame). */
    private static Blocks blocks(Dataset<Row> frame, int blockRows, String source) {
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be ≥ 1, got " + blockRows);
        }
        RowLayout layout;
        try {
            layout = RowLayout.of(frame.schema());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(named(source, e.getMessage()), e);
        }
        List<Row> first = frame.takeAsList(1); // a small job: the first partition's first row
        if (first.isEmpty()) {
            throw new IllegalArgumentException(named(source, "the data set has no examples"));
        }
        int cols = layout.hasVector() ? layout.cols(first.getFirst()) : layout.columnCount();
        JavaRDD<ExampleBlock> blocks = frame.toJavaRDD().mapPartitionsWithIndex(
                (partition, rows) -> pack(partition, rows, layout, cols, blockRows, source), false);
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
     * A CSV file with a schema of doubles made from its first line that is not blank (so Spark does
     * not read the file once more to infer one); that line is a header, skipped, when none of its
     * fields is a number.
     */
    private static Dataset<Row> csv(SparkSession spark, String path) {
        List<String> first = firstLines(spark, path, 2);
        String[] fields = first.getFirst().split(",", -1);
        boolean header = Arrays.stream(fields).noneMatch(SparkData::isNumber);
        if (header && first.size() == 1) {
            throw new IllegalArgumentException(path + ": a header line and no examples");
        }
        StructType schema = new StructType();
        for (int j = 0; j < fields.length; j++) { // the header's names, so that Spark's header check agrees
            schema = schema.add(header ? fields[j].strip() : "c" + j, DataTypes.DoubleType, true);
        }
        return spark.read().schema(schema).option("header", header).option("mode", "FAILFAST").csv(path);
    }

    /**
     * A LIBSVM file, every line checked ({@link LibsvmLines}) in the pass that finds its number of
     * features, the largest index (Spark's reader would make that pass itself without the number).
     */
    private static Dataset<Row> libsvm(SparkSession spark, String path) {
        int features = spark.read().textFile(path).javaRDD().map(line -> LibsvmLines.lastIndex(line, path))
                .fold(LibsvmLines.NO_EXAMPLE, Integer::max);
        if (features == LibsvmLines.NO_EXAMPLE) {
            throw new IllegalArgumentException(path + ": no examples");
        }
        if (features == 0) {
            throw new IllegalArgumentException(path + ": no features, only labels");
        }
        return spark.read().format("libsvm").option("numFeatures", features).load(path);
    }

    /** The first {@code n} lines at {@code path} that are not blank (Spark's CSV reader skips them); none: an error. */
    private static List<String> firstLines(SparkSession spark, String path, int n) {
        List<String> lines = spark.read().textFile(path)
                .filter((FilterFunction<String>) line -> !line.trim().isEmpty()) // String.trim, as Spark's reader
                .takeAsList(n);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(path + ": no examples");
        }
        return lines;
    }

    /** Whether {@code field}, stripped, is a number as Spark's readers parse one ({@code Double.parseDouble}). */
    static boolean isNumber(String field) {
        try {
            Double.parseDouble(field.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Packs one partition's rows into blocks, numbered {@code partition·2¹⁶ + k} so that numbers are
     * distinct across partitions (a partition of more than 2¹⁶ blocks is an error). A row of a file that
     * Spark cannot read, or a row that is not an example, is a {@link BadDataException} naming
     * {@code source}.
     */
    private static Iterator<ExampleBlock> pack(int partition, Iterator<Row> rows, RowLayout layout, int cols,
            int blockRows, String source) {
        List<ExampleBlock> blocks = new ArrayList<>();
        double[] x = new double[blockRows * cols];
        double[] y = new double[blockRows];
        int count = 0;
        while (true) {
            Row row;
            try {
                if (!rows.hasNext()) {
                    break;
                }
                row = rows.next();
            } catch (Exception e) { // Spark's reader failed (a SparkException, undeclared by Scala): a bad line
                TaskContext task = TaskContext.get();
                if (source == null || task != null && task.isInterrupted()) {
                    throw e; // a data frame's own failure, or a killed task: not a file's bad data
                }
                throw new BadDataException(source + ": cannot read a row: " + rootLine(e), e);
            }
            try {
                y[count] = layout.read(row, x, count * cols, cols);
            } catch (IllegalArgumentException e) {
                throw new BadDataException(named(source, e.getMessage()), e);
            }
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

    /** {@code problem}, after the name of the data it is in when there is one. */
    private static String named(String source, String problem) {
        return source == null ? problem : source + ": " + problem;
    }

    /**
     * The first line of the message of {@code e}'s first cause (the class's name when it has none), cut
     * at 200 characters: it may quote a line of a binary file. A number Spark could not parse says so
     * (Java's message alone may be "multiple points").
     */
    private static String rootLine(Throwable e) {
        Throwable root = rootCause(e);
        String m = root.getMessage();
        String line = m == null || m.isBlank() ? root.getClass().getName() : m.lines().findFirst().orElse("").strip();
        if (root instanceof NumberFormatException) {
            line = "a value is not a number (" + line + ")";
        }
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** The last of {@code e}'s chain of causes: what a failed Spark job's wrappers wrap. */
    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static ExampleBlock block(int partition, int k, int rows, int cols, double[] x, double[] y) {
        if (k >= 1 << 16 || partition >= 1 << 15) {
            throw new IllegalArgumentException("partition " + partition + " holds more than 65536 blocks, or there are"
                    + " more than 32768 partitions: use larger blocks or fewer partitions");
        }
        return new ExampleBlock((partition << 16) | k, rows, cols, Arrays.copyOf(x, rows * cols), Arrays.copyOf(y, rows));
    }
}

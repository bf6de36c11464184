package dev.descent.spark;

import java.util.Locale;

/** The files {@link SparkData} reads with Spark's own readers. */
public enum DataFormat {
    /** Comma-separated numbers, the features then the label per line; a header line is skipped. */
    CSV,
    /** LIBSVM's sparse text format, {@code label index:value ...} ({@code spark.read.format("libsvm")}). */
    LIBSVM,
    /** Parquet: a {@code label} column and a {@code features} vector column, or numeric columns with the label last. */
    PARQUET;

    /** The format called {@code name} (case-insensitive): csv, libsvm or parquet. */
    public static DataFormat of(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown data format '" + name + "' (known: csv, libsvm, parquet)");
        }
    }

    /** The format a path's name says: {@code .parquet}, {@code .libsvm}/{@code .svm}, else CSV. */
    public static DataFormat guess(String path) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (p.endsWith(".parquet")) {
            return PARQUET;
        }
        if (p.endsWith(".libsvm") || p.endsWith(".svm")) {
            return LIBSVM;
        }
        return CSV;
    }
}

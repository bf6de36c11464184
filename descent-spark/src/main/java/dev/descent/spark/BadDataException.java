package dev.descent.spark;

/**
 * Data that {@link SparkData} cannot make examples of, found in a task (a row that fails to parse, a
 * bad label): its one-line message names the file (or the data frame) and the problem. Spark hands
 * it to the driver as the cause of the failed job; {@link BlockPasses} reports it as bad input, an
 * {@link IllegalArgumentException}, not as a failed job.
 */
final class BadDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    BadDataException(String message, Throwable cause) {
        super(message, cause);
    }
}

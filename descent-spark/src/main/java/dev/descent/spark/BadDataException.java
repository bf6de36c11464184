package dev.descent.spark;

/**
 * Data that {@link SparkData} cannot make examples of, found in a task (a row that fails to parse, a
 * bad label, a LIBSVM line Spark's reader would misread): its one-line message names the file (or
 * the data frame) and the problem. Spark hands it to the driver as the cause of the failed job;
 * {@link SparkData#read} and {@link BlockPasses} report it as bad input, an
 * {@link IllegalArgumentException}, not as a failed job.
 */
final class BadDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    BadDataException(String message) {
        super(message);
    }

    BadDataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The bad data that failed a job: the first {@code BadDataException} among {@code e}'s causes, or null. */
    static BadDataException in(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BadDataException bad) {
                return bad;
            }
        }
        return null;
    }
}

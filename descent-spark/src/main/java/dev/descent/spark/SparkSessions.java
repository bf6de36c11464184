package dev.descent.spark;

import org.apache.spark.sql.SparkSession;

/** How Descent's entry points start (or join) a Spark session and end it. */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * A session, and whether it was joined (it existed before) rather than started here: closing stops
     * only a session started here.
     */
    public record Started(SparkSession spark, boolean joined) implements AutoCloseable {
        @Override
        public void close() {
            if (!joined) {
                spark.stop();
            }
        }
    }

    /**
     * A session on {@code master}; null joins the session that exists, or starts one on the master
     * {@code spark-submit} set.
     *
     * @throws IllegalArgumentException for a master Spark cannot start on (the message names it)
     */
    public static Started start(String master, String appName) {
        if (master == null && SparkSession.getDefaultSession().isDefined()) {
            return new Started(SparkSession.getDefaultSession().get(), true);
        }
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        try {
            return new Started((master == null ? builder : builder.master(master)).getOrCreate(), false);
        } catch (Exception e) { // a SparkException (a master URL it cannot parse or reach), undeclared by Scala
            throw new IllegalArgumentException("cannot start Spark on master '" + master + "': "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }
}

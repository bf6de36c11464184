package dev.descent.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (creating one costs 4–6 s): local mode, two threads, and a
 * task may fail twice before its job fails ({@code local[2,2]}; plain {@code local[2]} never retries
 * a task), so that the retry tests see Spark retry. No UI, bound to the loopback interface.
 */
final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("descent-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}

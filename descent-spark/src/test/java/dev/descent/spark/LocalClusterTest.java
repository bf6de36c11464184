package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.minimize.MinimizeResult;
import dev.descent.objective.LogisticRegression;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distributed objective with executors in separate JVMs: Spark's {@code local-cluster[2,1,1024]}
 * master (two workers of one core) starts them from {@code $SPARK_HOME/jars}, which this test fills
 * with links to the jars of its own class path (Spark's Maven artifacts have no distribution folder;
 * without one the executors fail with "Cannot find any build directories"). Runs in a JVM of its own
 * (the surefire execution {@code local-cluster}, which sets {@code SPARK_HOME} and
 * {@code SPARK_SCALA_VERSION}), as a JVM holds one SparkContext. The blocks, the broadcasts and the
 * partial sums cross process boundaries here, serialized, and a failed task is retried in another
 * attempt of the executor.
 */
class LocalClusterTest {

    @Test
    @Timeout(180)
    void aRunWithExecutorJvmsIsTheSingleMachineRunAndSurvivesAFailedTask() throws IOException {
        String classPath = System.getProperty("java.class.path");
        linkJars(Path.of(System.getenv("SPARK_HOME"), "jars"), classPath);
        SparkSession spark = SparkSession.builder()
                .master("local-cluster[2,1,1024]")
                .appName("descent-spark-local-cluster")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.executor.extraClassPath", classPath) // Descent's classes and the tests'
                .config("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector")
                .getOrCreate();
        List<String> failures = new CopyOnWriteArrayList<>();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof ExceptionFailure failure) {
                    failures.add(failure.description());
                }
            }
        });
        try {
            MinimizeResult local;
            try (LogisticRegression problem = new LogisticRegression(DistributedLogisticRegressionTest.DATA,
                    DistributedOptions.DEFAULT_L2)) {
                local = DistributedLogisticRegressionTest.run("lbfgs", problem);
            }
            PartitionHook failOnce = (partition, pass) -> {
                if (partition == 0 && pass == 4 && TaskContext.get().attemptNumber() == 0) {
                    throw new IllegalStateException("injected failure in an executor JVM whose kernels run on "
                            + BlockKernels.backend().name());
                }
            };
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            try (DistributedLogisticRegression distributed = DistributedLogisticRegression.of(context,
                    DistributedLogisticRegressionTest.DATA, 500, 2, DistributedOptions.defaults().withHook(failOnce))) {
                MinimizeResult r = DistributedLogisticRegressionTest.run("lbfgs", distributed);
                assertTrue(r.converged(), r.toString());
                assertEquals(local.value(), r.value(), 1e-9 * local.value(), "f");
                assertEquals(local.iterations(), r.iterations(), "iterations");
                assertEquals(1 + r.gradientEvaluations(), distributed.counters().passes(), "passes");
                SparkWorkListener.settle();
                // One failed attempt, retried; its message says the executor JVM ran the SIMD kernels
                // (spark.executor.extraJavaOptions gave it the Vector API).
                assertEquals(List.of("injected failure in an executor JVM whose kernels run on simd"), failures);
            }
        } finally {
            spark.stop();
        }
    }

    /** Links every jar of {@code classPath} into {@code jars} (a folder made if missing), once per file name. */
    private static void linkJars(Path jars, String classPath) throws IOException {
        Files.createDirectories(jars);
        for (String entry : classPath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName().toString());
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
    }
}

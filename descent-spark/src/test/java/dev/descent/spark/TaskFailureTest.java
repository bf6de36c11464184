package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.minimize.MinimizeResult;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failures in the executors: a task that throws once is retried by Spark (the test session allows
 * two attempts, {@code local[2,2]}) and the run is the same as one without the failure; a task that
 * always throws ends the run with an exception that names the pass and the cause, within a bound.
 */
class TaskFailureTest {

    /** Throws raised by the hooks; local mode runs tasks in this JVM, so a static counter sees them. */
    static final AtomicInteger THROWN = new AtomicInteger();

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged() {
        MinimizeResult clean;
        try (DistributedLogisticRegression spark = DistributedLogisticRegressionTest.distributed(
                DistributedOptions.defaults())) {
            clean = DistributedLogisticRegressionTest.run("lbfgs", spark);
        }
        THROWN.set(0);
        PartitionHook failOnce = (partition, pass) -> {
            if (partition == 1 && pass == 5 && TaskContext.get().attemptNumber() == 0) {
                THROWN.incrementAndGet();
                throw new IllegalStateException("injected failure in partition 1, pass 5");
            }
        };
        try (DistributedLogisticRegression spark = DistributedLogisticRegressionTest.distributed(
                DistributedOptions.defaults().withHook(failOnce))) {
            MinimizeResult retried = DistributedLogisticRegressionTest.run("lbfgs", spark);
            assertEquals(1, THROWN.get(), "the hook threw once");
            // Bitwise: the retried task sums the same blocks in the same order, and two partial sums
            // are added in either order to the same double (addition commutes).
            assertEquals(clean.value(), retried.value(), 0.0, "f");
            assertEquals(clean.iterations(), retried.iterations(), "iterations");
            assertEquals(clean.functionEvaluations() + 1, spark.counters().passes(), "passes: no extra job");
        }
    }

    @Test
    @Timeout(60)
    void aTaskThatAlwaysFailsEndsTheRunWithAClearError() {
        PartitionHook failAlways = (partition, pass) -> {
            if (partition == 1 && pass >= 3) {
                throw new IllegalStateException("injected failure in partition 1, pass " + pass);
            }
        };
        try (DistributedLogisticRegression spark = DistributedLogisticRegressionTest.distributed(
                DistributedOptions.defaults().withHook(failAlways))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DistributedLogisticRegressionTest.run("lbfgs", spark));
            String first = e.getMessage().lines().findFirst().orElse("");
            assertTrue(first.contains("pass 3 (value and gradient) failed")
                    && first.contains("injected failure in partition 1, pass 3"), first);
        }
    }
}

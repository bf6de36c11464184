package dev.descent.spark;

import dev.descent.data.ClassificationData;
import dev.descent.network.NetworkSpec;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code descent train --spark}: a classifier's full-batch loss on Spark ({@link DistributedNetwork}),
 * for the driver's minimizer, in a session started (or joined) for the run.
 */
public final class SparkTraining {
    private SparkTraining() {
    }

    /**
     * Runs {@code body} with the loss of {@code spec} over {@code data}, the examples parallelized in
     * blocks of {@value #BLOCK_ROWS} over {@code partitions} partitions (0: Spark's default parallelism) of a
     * session on {@code master} (null: see {@link SparkSessions#start}); a session started here is stopped
     * at the end, a joined one loses the run's cached blocks.
     *
     * @throws IllegalArgumentException for a master Spark cannot start on, or a network that is not a classifier
     */
    public static <T> T withNetwork(String master, NetworkSpec spec, ClassificationData data, int partitions,
            Function<DistributedNetwork, T> body) {
        try (SparkSessions.Started started = SparkSessions.start(master, "descent train")) {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(started.spark().sparkContext());
            int p = partitions > 0 ? partitions : context.defaultParallelism();
            try (DistributedNetwork network = DistributedNetwork.of(context, spec, data, BLOCK_ROWS, p)) {
                try {
                    return body.apply(network);
                } finally {
                    network.blocks().unpersist(false);
                }
            }
        }
    }

    /** Examples per block: the single-machine network's mini-batch of a few thousand, in cache per task. */
    public static final int BLOCK_ROWS = 4096;
}

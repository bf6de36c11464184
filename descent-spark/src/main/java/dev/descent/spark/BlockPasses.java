package dev.descent.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The passes of a distributed objective over its cached blocks, on the driver: the broadcasts (counted
 * in bytes), one job per pass (counted) whose partition sums are added in partition order, and a failed
 * pass as one line naming it. The
 * functions handed to {@link #aggregate} are shipped to the executors; this object never is.
 *
 * @param <B> the block type
 */
final class BlockPasses<B> {

    private final JavaRDD<B> blocks;
    private final JavaSparkContext spark;
    private final String problem;
    private final int treeDepth;
    private long passes;
    private long bytesBroadcast;

    /** The passes of problem {@code problem} over {@code blocks}, cached (in memory) unless persisted already. */
    BlockPasses(JavaRDD<B> blocks, String problem, int treeDepth) {
        this.blocks = blocks.getStorageLevel().equals(StorageLevel.NONE()) ? blocks.persist(StorageLevel.MEMORY_ONLY())
                : blocks;
        this.spark = JavaSparkContext.fromSparkContext(blocks.context());
        this.problem = problem;
        this.treeDepth = treeDepth;
    }

    /** The cached blocks. */
    JavaRDD<B> blocks() {
        return blocks;
    }

    /** The passes so far. */
    long passes() {
        return passes;
    }

    /** The doubles broadcast so far, 8 bytes each. */
    long bytesBroadcast() {
        return bytesBroadcast;
    }

    /** {@code values} broadcast to the executors, counted. */
    Broadcast<double[]> broadcast(double[] values) {
        bytesBroadcast += 8L * values.length;
        return spark.broadcast(values);
    }

    /** The point, then the direction, in one array: a Gauss–Newton product's one broadcast. */
    static double[] pointAndDirection(double[] x, double[] v) {
        double[] both = Arrays.copyOf(x, x.length + v.length);
        System.arraycopy(v, 0, both, x.length, v.length);
        return both;
    }

    /**
     * The most bytes of partition sums a pass collects to the driver to add them in partition order
     * (64 MiB: 8 million doubles, 80 partitions of a 100 000-weight network); past it the sums are
     * combined by {@code treeAggregate}, in the order the tasks finish.
     */
    static final long ORDERED_BYTES = 64L << 20;

    /**
     * One pass, {@code what}: {@code add} over every block, then the partitions' sums of {@code length}
     * doubles added on the driver in partition order, so that a pass gives the same doubles however its
     * tasks are scheduled (while {@code partitions·length·8 ≤} {@link #ORDERED_BYTES}; past that
     * {@code treeAggregate} combines them as its tasks finish, and the last bits may vary from run to
     * run); {@code payload} (if any) destroyed after.
     *
     * @throws IllegalArgumentException if a task found bad data ({@link BadDataException}): its message
     * @throws IllegalStateException if the Spark job failed otherwise: which problem and pass, and the first cause
     */
    PartialSums aggregate(String what, Broadcast<double[]> payload, Function2<PartialSums, B, PartialSums> add,
            int length) {
        passes++;
        try {
            if ((long) blocks.getNumPartitions() * length * Double.BYTES > ORDERED_BYTES) {
                return blocks.treeAggregate(new PartialSums(length), add, PartialSums::merge, treeDepth);
            }
            List<PartialSums> sums = blocks.mapPartitions(new PartitionSum<>(add, length)).collect(); // in partition order
            PartialSums total = new PartialSums(length);
            for (PartialSums partition : sums) {
                total.merge(partition);
            }
            return total;
        } catch (Exception e) { // a SparkException (checked, but undeclared by Scala) or a RuntimeException
            BadDataException bad = BadDataException.in(e);
            if (bad != null) { // bad input, not a failed job
                throw new IllegalArgumentException(bad.getMessage(), e);
            }
            Throwable root = SparkData.rootCause(e);
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new IllegalStateException("problem '" + problem + "' on Spark: pass " + passes + " (" + what
                    + ") failed: " + root + (root == e ? "" : " [" + first + "]"), e);
        } finally {
            if (payload != null) {
                payload.destroy();
            }
        }
    }

    /** A partition's blocks summed by {@code add} from zero, as {@code treeAggregate}'s seqOp sums them. */
    private record PartitionSum<B>(Function2<PartialSums, B, PartialSums> add, int length)
            implements FlatMapFunction<Iterator<B>, PartialSums> {
        @Override
        public Iterator<PartialSums> call(Iterator<B> blocks) throws Exception {
            PartialSums sum = new PartialSums(length);
            while (blocks.hasNext()) {
                sum = add.call(sum, blocks.next());
            }
            return List.of(sum).iterator();
        }
    }
}

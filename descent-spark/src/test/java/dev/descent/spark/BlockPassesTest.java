package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.junit.jupiter.api.Test;

/**
 * A pass adds its partitions' sums in partition order, whatever order their tasks finish in, so a run
 * on Spark gives the same doubles every time.
 */
class BlockPassesTest {

    /** 1e16 first, four ones, −1e16 last: in partition order every one is lost (1e16 + 1 = 1e16), in another order not. */
    private static final double[] VALUES = {1e16, 1, 1, 1, 1, -1e16};

    @Test
    void aPassAddsThePartitionSumsInPartitionOrderHoweverTheTasksFinish() {
        List<double[]> blocks = new ArrayList<>();
        for (double v : VALUES) {
            blocks.add(new double[] {v});
        }
        JavaRDD<double[]> rdd = SparkTestSession.context().parallelize(blocks, VALUES.length);
        BlockPasses<double[]> passes = new BlockPasses<>(rdd, "order", 2);
        // The first partition's task finishes last: a combination in finishing order adds 1e16 after the ones.
        Function2<PartialSums, double[], PartialSums> add = (sum, block) -> {
            if (block[0] == 1e16) {
                Thread.sleep(400);
            }
            sum.value += block[0];
            sum.vector[0] += block[0];
            sum.rows++;
            return sum;
        };
        double inOrder = 0;
        for (double v : VALUES) {
            inOrder += v;
        }
        assertEquals(0.0, inOrder, "the ones vanish in partition order");
        for (int run = 0; run < 3; run++) {
            PartialSums total = passes.aggregate("sum", null, add, 1);
            assertEquals(inOrder, total.value, 0, "run " + run);
            assertEquals(inOrder, total.vector[0], 0, "run " + run);
            assertEquals(VALUES.length, total.rows);
        }
        assertEquals(3, passes.passes());
    }
}

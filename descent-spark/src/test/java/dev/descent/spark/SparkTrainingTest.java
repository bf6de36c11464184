package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.descent.backend.Backends;
import dev.descent.data.ClassificationData;
import dev.descent.kernel.Activation;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code descent train --spark}'s path: the network's loss on the partitions asked, the same L-BFGS run
 * as on one machine (f to 1e-9: the sums are made per block, then per partition, in another order), and
 * a session that existed before is joined and left running.
 */
class SparkTrainingTest {

    @Test
    void aJoinedSessionTrainsOnThePartitionsAskedAndStaysUp() {
        SparkTestSession.session(); // the default session, which a null master joins
        int rows = 300;
        float[] x = new float[rows * 2];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (float) Math.sin(i);
            x[2 * i + 1] = (float) Math.cos(3 * i);
            y[i] = x[2 * i] + 0.3 * x[2 * i + 1] > 0 ? 1 : 0;
        }
        ClassificationData data = new ClassificationData(rows, 2, 2, x, y);
        NetworkSpec spec = new NetworkSpec(new int[] {2, 5, 2}, Activation.TANH, Loss.CROSS_ENTROPY);
        Minimizer lbfgs = Minimizers.create("lbfgs", Stopping.defaults().withMaxIterations(10));
        MinimizeResult local;
        try (MultilayerPerceptron mlp = MultilayerPerceptron.classifier(spec, data);
                Tensor start = mlp.startingPoint(Backends.best())) {
            local = lbfgs.minimize(mlp, start, false);
        }
        MinimizeResult spark = SparkTraining.withNetwork(null, spec, data, 3, network -> {
            assertEquals(3, network.partitionCount());
            assertEquals(rows, network.exampleCount());
            try (Tensor start = network.startingPoint(Backends.best())) {
                return lbfgs.minimize(network, start, false);
            }
        });
        assertEquals(local.value(), spark.value(), 1e-9 * local.value(), "f after 10 iterations");
        assertEquals(local.iterations(), spark.iterations());
        assertFalse(SparkTestSession.context().sc().isStopped(), "the joined session is left running");
    }
}

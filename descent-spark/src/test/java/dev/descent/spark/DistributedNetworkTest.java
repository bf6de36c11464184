package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.ClassificationData;
import dev.descent.kernel.Activation;
import dev.descent.backend.Backends;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The multilayer perceptron's loss on Spark against the single-machine network on the same data:
 * 15 iterations of L-BFGS and 5 of Hessian-free from torch's initialisation, the same f to 1e-9 (the
 * sums are made in another order — per block, then per partition — and a non-convex run amplifies
 * such differences over many iterations, so the runs are kept short), one pass per gradient and per
 * Gauss–Newton product.
 */
class DistributedNetworkTest {

    @Test
    void fullBatchRunsMatchTheSingleMachineNetwork() {
        SplittableRandom random = new SplittableRandom(4);
        int rows = 600;
        int cols = 6;
        float[] x = new float[rows * cols];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                x[i * cols + j] = (float) random.nextDouble(-1, 1);
                s += x[i * cols + j] * (j % 2 == 0 ? 1 : -0.5);
            }
            // A fifth of the labels drawn at random: the classes overlap, so the loss has a minimum
            // inside, which both runs approach, rather than falling towards 0 as on separable data.
            y[i] = random.nextDouble() < 0.2 ? random.nextInt(3) : s > 0.2 ? 2 : s < -0.2 ? 0 : 1;
        }
        ClassificationData data = new ClassificationData(rows, cols, 3, x, y);
        NetworkSpec spec = new NetworkSpec(new int[] {cols, 8, 3}, Activation.TANH, Loss.CROSS_ENTROPY);
        for (String method : new String[] {"lbfgs", "hf"}) {
            // Hessian-free's inner CG truncates at discrete decisions, which rounding moves sooner: fewer iterations.
            int iterations = method.equals("hf") ? 5 : 15;
            Minimizer minimizer = Minimizers.create(method, Stopping.defaults().withMaxIterations(iterations));
            MinimizeResult local;
            try (MultilayerPerceptron mlp = MultilayerPerceptron.classifier(spec, data);
                    Tensor start = mlp.startingPoint(Backends.best())) {
                local = minimizer.minimize(mlp, start, false);
            }
            try (DistributedNetwork spark = DistributedNetwork.of(SparkTestSession.context(), spec, data, 150, 2);
                    Tensor start = spark.startingPoint(Backends.best())) {
                MinimizeResult r = minimizer.minimize(spark, start, false);
                assertEquals(rows, spark.exampleCount());
                assertTrue(r.value() < 0.9 * Math.log(3), method + ": trained, " + r);
                assertEquals(local.value(), r.value(), 1e-9 * local.value(), method + ": f");
                assertEquals(local.iterations(), r.iterations(), method + ": iterations");
                assertEquals(1 + r.gradientEvaluations() + r.curvatureProducts(), spark.passes(), method + ": passes");
            }
        }
    }
}

package dev.descent.spark;

import dev.descent.backend.Backend;
import dev.descent.data.ClassificationData;
import dev.descent.kernel.Activation;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.network.TorchInit;
import dev.descent.objective.HostObjective;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The training loss of a multilayer perceptron classifier — the function of the single-machine
 * {@link MultilayerPerceptron#classifier}, the mean cross-entropy over the examples — over examples
 * held by Spark in a cached RDD of {@link NetworkBlock}s, for the full-batch methods (L-BFGS, CG,
 * Hessian-free) on the driver. Each evaluation is one pass: the parameters broadcast once (a
 * Gauss–Newton product: parameters and direction, one broadcast), each block evaluated in the
 * executor by the single-machine network on the executor's backend ({@link BlockKernels#backend()},
 * float64), its mean weighted by its examples, and the partitions' sums added in partition order.
 */
public final class DistributedNetwork extends HostObjective {

    private final BlockPasses<NetworkBlock> passes;
    private final NetworkSpec spec;
    private final Shape shape;
    private final long rows;

    /** The network, as the executors rebuild it (NetworkSpec is not serializable). */
    private record Shape(int[] layers, Activation activation, Loss loss) implements Serializable {
        NetworkSpec spec() {
            return new NetworkSpec(layers, activation, loss);
        }
    }

    /**
     * The loss of {@code spec} (a cross-entropy classifier) over {@code blocks}, cached unless they are
     * persisted already; one setup pass counts the examples.
     */
    public DistributedNetwork(JavaRDD<NetworkBlock> blocks, NetworkSpec spec, int treeDepth) {
        super("mlp", spec.parameterCount());
        if (spec.loss() != Loss.CROSS_ENTROPY) {
            throw new IllegalArgumentException("a distributed network is a classifier trained with cross_entropy,"
                    + " not " + spec.loss().label());
        }
        this.passes = new BlockPasses<>(blocks, "mlp", treeDepth);
        this.spec = spec;
        this.shape = new Shape(spec.layers(), spec.activation(), spec.loss());
        this.rows = aggregate("setup (count)", null, (acc, block) -> {
            acc.rows += block.rows();
            return acc;
        }).rows;
    }

    /** {@code data} on Spark in blocks of {@code blockRows} examples over {@code partitions} partitions. */
    public static DistributedNetwork of(JavaSparkContext spark, NetworkSpec spec, ClassificationData data,
            int blockRows, int partitions) {
        return new DistributedNetwork(SparkData.parallelizeCached(spark, NetworkBlock.split(data, blockRows), partitions),
                spec, 2);
    }

    /** The cached blocks. */
    public JavaRDD<NetworkBlock> blocks() {
        return passes.blocks();
    }

    /** The number of partitions the blocks are spread over. */
    public int partitionCount() {
        return passes.blocks().getNumPartitions();
    }

    /** The number of examples. */
    public long exampleCount() {
        return rows;
    }

    /** Spark jobs over the blocks so far, the setup pass included. */
    public long passes() {
        return passes.passes();
    }

    /** The parameters and directions broadcast so far, 8 bytes a double. */
    public long bytesBroadcast() {
        return passes.bytesBroadcast();
    }

    /** torch's default initialisation from seed 0, as the single-machine network's. */
    @Override
    public double[] startingValues() {
        return TorchInit.initialize(spec, 0);
    }

    @Override
    protected double valueAndGradient(double[] x, double[] gradient) {
        Broadcast<double[]> point = passes.broadcast(x.clone());
        Shape net = shape;
        PartialSums sums = aggregate("value and gradient", point, (acc, block) -> {
            double[] g = new double[acc.vector.length];
            double f = evaluate(net, block, point.value(), null, g);
            addScaled(acc, f, g, block.rows());
            return acc;
        });
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] = sums.vector[j] / rows;
        }
        return sums.value / rows;
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    @Override
    protected void gaussNewtonVectorProduct(double[] x, double[] v, double[] out) {
        int n = x.length;
        Broadcast<double[]> payload = passes.broadcast(BlockPasses.pointAndDirection(x, v));
        Shape net = shape;
        PartialSums sums = aggregate("Gauss-Newton product", payload, (acc, block) -> {
            double[] p = payload.value();
            double[] product = new double[n];
            evaluate(net, block, Arrays.copyOfRange(p, 0, n), Arrays.copyOfRange(p, n, 2 * n), product);
            addScaled(acc, 0, product, block.rows());
            return acc;
        });
        for (int j = 0; j < n; j++) {
            out[j] = sums.vector[j] / rows;
        }
    }

    /**
     * In the executor: the block's mean loss and its gradient into {@code out} ({@code v} null), or its
     * Gauss–Newton product with {@code v} into {@code out}, by the single-machine network in float64.
     */
    private static double evaluate(Shape net, NetworkBlock block, double[] x, double[] v, double[] out) {
        Backend backend = BlockKernels.backend();
        try (MultilayerPerceptron mlp = MultilayerPerceptron.classifier(net.spec(), block.data());
                Tensor point = backend.fromArray("x", x);
                Tensor result = backend.allocate("out", DType.FLOAT64, out.length)) {
            double f = 0;
            if (v == null) {
                f = mlp.valueAndGradient(point, result);
            } else {
                try (Tensor direction = backend.fromArray("v", v)) {
                    mlp.gaussNewtonVectorProduct(point, direction, result);
                }
            }
            result.copyTo(out);
            return f;
        }
    }

    private static void addScaled(PartialSums acc, double f, double[] g, int weight) {
        acc.value += weight * f;
        for (int j = 0; j < g.length; j++) {
            acc.vector[j] += weight * g[j];
        }
        acc.rows += weight;
    }

    /** One pass over the blocks ({@link BlockPasses#aggregate}), its sums as long as the parameters. */
    private PartialSums aggregate(String what, Broadcast<double[]> payload,
            Function2<PartialSums, NetworkBlock, PartialSums> add) {
        return passes.aggregate(what, payload, add, dimension());
    }
}

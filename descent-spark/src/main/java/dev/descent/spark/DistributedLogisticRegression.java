package dev.descent.spark;

import dev.descent.objective.HostObjective;
import dev.descent.objective.LabeledData;
import dev.descent.objective.LogisticRegression;
import java.util.Arrays;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * L2-regularised logistic regression without intercept — the function of the single-machine
 * {@link LogisticRegression}, {@code f(w) = (1/m)·Σᵢ log(1 + exp(−yᵢ·xᵢᵀw)) + (λ/2)·‖w‖²} — over
 * examples held by Spark in a cached RDD of {@link ExampleBlock}s. Descent's minimizers (L-BFGS,
 * CG, Hessian-free, ...) run on the driver through the {@link dev.descent.objective.Objective}
 * interface, unchanged.
 *
 * <p>Each evaluation is one pass: the driver broadcasts the point once (a Gauss–Newton product: the
 * point and the direction together, one broadcast), each partition sums its blocks with Descent's
 * kernels ({@link BlockKernels}), and the driver adds the partitions' sums in partition order. Gauss–Newton
 * products may read only a seeded sample of the blocks ({@link CurvatureSample}, a new draw per
 * point). {@link #counters()} reports the passes and the bytes broadcast.
 *
 * <p>With {@linkplain DistributedOptions#precondition() preconditioning} the minimizer sees the same
 * function in scaled coordinates {@code u = w ⊙ σ}, {@code σ} the features' sample standard
 * deviations (1 for a constant feature), computed in the setup pass — the coordinates MLlib's
 * logistic regression always optimises in. Points, gradients and curvature products are then those
 * of {@code u ↦ f(u ⊘ σ)}; {@link #toOriginal} gives {@code w} back, and the value at {@code u} is
 * {@code f} evaluated at exactly that {@code w}.
 *
 * <p>A failed Spark job (a task that failed more often than {@code spark.task.maxFailures}) ends
 * the evaluation with an {@link IllegalStateException} naming the pass and the cause. Not
 * thread-safe, as every objective.
 */
public final class DistributedLogisticRegression extends HostObjective {

    private final BlockPasses<ExampleBlock> passes;
    private final DistributedOptions options;
    private final long rows;
    private final double[] scale; // w = u ⊙ scale: 1/σ per feature; null without preconditioning
    private final int[] blockIndices; // every block's number, for choosing curvature samples

    private long sampledPasses;
    private long gradients;
    private long curvatureProducts;
    private double[] samplePoint; // the point of the current curvature sample
    private long draw = -1; // its number

    /**
     * An objective over {@code blocks} of {@code cols} features each. Caches the RDD (in memory, as
     * arrays) unless it is persisted already, and reads it once to count the examples, check the
     * blocks and, with preconditioning, measure the features' scales.
     *
     * @throws IllegalArgumentException if a block does not have {@code cols} features, there are no examples,
     *     or a row of a file read by {@link SparkData} is not an example (the message names the file)
     * @throws IllegalStateException if that pass fails in Spark otherwise
     */
    public DistributedLogisticRegression(JavaRDD<ExampleBlock> blocks, int cols, DistributedOptions options) {
        super("logistic", cols);
        this.options = options;
        this.passes = new BlockPasses<>(blocks, "logistic", options.treeDepth());
        PartialSums moments = columnMoments(cols);
        if (moments.rows == 0) {
            throw new IllegalArgumentException("problem 'logistic': the data set has no examples");
        }
        this.rows = moments.rows;
        this.blockIndices = Arrays.copyOf(moments.blocks, moments.blockCount);
        this.scale = options.precondition() ? inverseDeviations(moments, cols) : null;
    }

    /**
     * {@code data} on Spark: cut into blocks of {@code blockRows} examples spread over {@code partitions}
     * partitions of {@code spark}.
     */
    public static DistributedLogisticRegression of(JavaSparkContext spark, LabeledData data, int blockRows,
            int partitions, DistributedOptions options) {
        SparkData.Blocks blocks = SparkData.parallelize(spark, data, blockRows, partitions);
        return new DistributedLogisticRegression(blocks.blocks(), blocks.cols(), options);
    }

    /** The number of examples m. */
    public long exampleCount() {
        return rows;
    }

    /** The options. */
    public DistributedOptions options() {
        return options;
    }

    /** The cached blocks. */
    public JavaRDD<ExampleBlock> blocks() {
        return passes.blocks();
    }

    /** The work done so far. */
    public DistributedCounters counters() {
        return new DistributedCounters(passes.passes(), sampledPasses, passes.bytesBroadcast(), gradients,
                curvatureProducts);
    }

    /**
     * The weights {@code w} in the original coordinates of the point {@code x} the minimizer sees:
     * {@code x ⊘ σ} with preconditioning, else a copy of {@code x}.
     */
    public double[] toOriginal(double[] x) {
        double[] w = x.clone();
        if (scale != null) {
            for (int j = 0; j < w.length; j++) {
                w[j] *= scale[j];
            }
        }
        return w;
    }

    /** The features' scale factors {@code 1/σⱼ} (preconditioning), or all ones without it. */
    public double[] scale() {
        if (scale == null) {
            double[] ones = new double[dimension()];
            Arrays.fill(ones, 1);
            return ones;
        }
        return scale.clone();
    }

    @Override
    public double[] startingValues() {
        return new double[dimension()];
    }

    @Override
    protected double valueAndGradient(double[] x, double[] gradient) {
        double[] w = toOriginal(x);
        Broadcast<double[]> point = passes.broadcast(w);
        long pass = passes.passes() + 1;
        PartitionHook hook = options.hook();
        PartialSums sums = aggregate("value and gradient", point, (acc, block) -> {
            hook.beforeBlock(TaskContext.getPartitionId(), pass);
            acc.value += BlockKernels.lossAndGradient(block, point.value(), acc.vector);
            acc.rows += block.rows();
            return acc;
        }, false);
        gradients++;
        double l2 = options.l2();
        double squaredNorm = 0;
        for (int j = 0; j < w.length; j++) {
            gradient[j] = sums.vector[j] / rows + l2 * w[j];
            squaredNorm += w[j] * w[j];
        }
        toScaled(gradient);
        return sums.value / rows + 0.5 * l2 * squaredNorm;
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    /** The Hessian (for logistic regression the Gauss–Newton matrix) times {@code v}, over every example. */
    @Override
    protected void hessianVectorProduct(double[] x, double[] v, double[] out) {
        curvatureProduct(x, v, out, CurvatureSample.ALL, 0);
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    /** The Gauss–Newton product over the curvature sample of the options (a new draw whenever {@code x} changes). */
    @Override
    protected void gaussNewtonVectorProduct(double[] x, double[] v, double[] out) {
        CurvatureSample sample = options.curvature();
        if (!sample.isAll() && !Arrays.equals(x, samplePoint)) {
            samplePoint = x.clone();
            draw++;
        }
        curvatureProduct(x, v, out, sample, draw);
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    protected void diagonalCurvature(double[] x, double[] out) {
        Broadcast<double[]> point = passes.broadcast(toOriginal(x));
        long pass = passes.passes() + 1;
        PartitionHook hook = options.hook();
        PartialSums sums = aggregate("diagonal curvature", point, (acc, block) -> {
            hook.beforeBlock(TaskContext.getPartitionId(), pass);
            BlockKernels.addDiagonalCurvature(block, point.value(), acc.vector);
            acc.rows += block.rows();
            return acc;
        }, false);
        for (int j = 0; j < out.length; j++) {
            double s = scale == null ? 1 : scale[j];
            out[j] = (sums.vector[j] / rows + options.l2()) * s * s;
        }
    }

    /** {@code out ← D·(G(w)·(D·v))} for {@code D = diag(scale)}, {@code G} summed over the blocks in {@code sample}. */
    private void curvatureProduct(double[] x, double[] v, double[] out, CurvatureSample sample, long sampleDraw) {
        double[] w = toOriginal(x);
        double[] dv = toOriginal(v);
        int n = w.length;
        Broadcast<double[]> payload = passes.broadcast(BlockPasses.pointAndDirection(w, dv));
        long pass = passes.passes() + 1;
        PartitionHook hook = options.hook();
        int[] chosen = sample.isAll() ? null : sample.choose(blockIndices, sampleDraw);
        PartialSums sums = aggregate("Gauss-Newton product", payload, (acc, block) -> {
            if (chosen != null && Arrays.binarySearch(chosen, block.index()) < 0) {
                return acc;
            }
            hook.beforeBlock(TaskContext.getPartitionId(), pass);
            double[] p = payload.value();
            BlockKernels.addCurvatureProduct(block, Arrays.copyOfRange(p, 0, n), Arrays.copyOfRange(p, n, 2 * n),
                    acc.vector);
            acc.rows += block.rows();
            return acc;
        }, !sample.isAll());
        curvatureProducts++;
        for (int j = 0; j < n; j++) {
            out[j] = sums.vector[j] / sums.rows + options.l2() * dv[j];
        }
        toScaled(out);
    }

    /**
     * The setup pass: examples, the blocks' numbers, and per feature the sum and the sum of squares
     * (vector {@code [Σx, Σx²]}).
     */
    private PartialSums columnMoments(int cols) {
        long pass = passes.passes() + 1;
        PartitionHook hook = options.hook();
        return aggregate("setup (count and feature scales)", null, (acc, block) -> {
            hook.beforeBlock(TaskContext.getPartitionId(), pass);
            if (block.cols() != cols) {
                throw new IllegalArgumentException("block " + block.index() + " has " + block.cols()
                        + " features, expected " + cols);
            }
            double[] x = block.features();
            for (int i = 0, o = 0; i < block.rows(); i++) {
                for (int j = 0; j < cols; j++, o++) {
                    acc.vector[j] += x[o];
                    acc.vector[cols + j] += x[o] * x[o];
                }
            }
            acc.rows += block.rows();
            acc.addBlock(block.index());
            return acc;
        }, false, 2 * cols);
    }

    /** {@code 1/σⱼ} from the moments (the unbiased variance, as MLlib's summarizer), 1 where σⱼ is 0. */
    private static double[] inverseDeviations(PartialSums moments, int cols) {
        double m = moments.rows;
        double[] inverse = new double[cols];
        for (int j = 0; j < cols; j++) {
            double mean = moments.vector[j] / m;
            double variance = m > 1 ? Math.max(0, (moments.vector[cols + j] - m * mean * mean) / (m - 1)) : 0;
            double sigma = Math.sqrt(variance);
            inverse[j] = sigma > 0 ? 1 / sigma : 1;
        }
        return inverse;
    }

    /** {@code g ← D·g}: a gradient or product in original coordinates to the minimizer's. */
    private void toScaled(double[] g) {
        if (scale != null) {
            for (int j = 0; j < g.length; j++) {
                g[j] *= scale[j];
            }
        }
    }

    /** One pass of {@link BlockPasses#aggregate}, its sums as long as the point. */
    private PartialSums aggregate(String what, Broadcast<double[]> payload,
            Function2<PartialSums, ExampleBlock, PartialSums> add, boolean sampled) {
        return aggregate(what, payload, add, sampled, dimension());
    }

    private PartialSums aggregate(String what, Broadcast<double[]> payload,
            Function2<PartialSums, ExampleBlock, PartialSums> add, boolean sampled, int length) {
        if (sampled) {
            sampledPasses++;
        }
        return passes.aggregate(what, payload, add, length);
    }
}

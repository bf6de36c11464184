package dev.descent.spark;

import dev.descent.backend.Backends;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.tensor.Tensor;
import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Descent's L-BFGS on {@link DistributedLogisticRegression} against MLlib's
 * {@code LogisticRegression} (the same function: no intercept, pure L2, {@code standardization=false})
 * on one seeded data set made in the executors ({@link SyntheticFrames}), in one Spark session.
 * Not a unit test: {@code scripts/spark-benchmark.sh ROWS COLS PARTITIONS [MASTER]} runs it (docs/benchmarks.md,
 * "Spark: Descent against MLlib").
 *
 * <p>Both sides start from the same uncached data frame, so each pays for packing its own cached
 * blocks (Descent: {@link SparkData#blocks} and the setup pass; MLlib: its summarizer pass and its
 * instance blocks). Passes are Spark jobs and bytes are broadcast pieces, both counted by one
 * {@link SparkWorkListener} for either side; f of MLlib's coefficients is evaluated by Descent's
 * objective.
 */
public final class SparkLogisticBenchmark {

    private static final double L2 = 1e-4;

    private SparkLogisticBenchmark() {
    }

    public static void main(String[] args) {
        long rows = (long) Double.parseDouble(args[0]);
        int cols = Integer.parseInt(args[1]);
        int partitions = Integer.parseInt(args[2]);
        String master = args.length > 3 ? args[3] : "local[2]";
        SparkSession spark = SparkSession.builder().master(master).appName("descent-spark-benchmark")
                .config("spark.ui.enabled", "false").getOrCreate();
        SparkWorkListener listener = new SparkWorkListener();
        spark.sparkContext().addSparkListener(listener);
        // A warm-up on a small set first, unprinted: class loading and JIT compilation, of Descent's code
        // and of MLlib's, would otherwise be paid by whichever runs first.
        suite(listener, SyntheticFrames.frame(spark, 20_000, cols, partitions, 1), cols, false);
        System.out.printf(Locale.ROOT, "# %d rows x %d features, %d partitions, master %s, l2 = %g, %s%n", rows, cols,
                partitions, master, L2, Runtime.version());
        System.out.println("| run | f | iterations | loss evaluations | Spark jobs | bytes broadcast | setup s | minimize s"
                + " | total s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        suite(listener, SyntheticFrames.frame(spark, rows, cols, partitions, 2026), cols, true);
        System.out.println("(MLlib's loss evaluations: the length of its objective history, one per iteration;"
                + " its line searches' extra evaluations are in the job count.)");
        spark.stop();
    }

    /** Descent plain, preconditioned, and preconditioned to a tight gradient, then MLlib at two tolerances, on {@code frame}; rows printed if {@code print}. */
    private static void suite(SparkWorkListener listener, Dataset<Row> frame, int cols, boolean print) {
        DistributedLogisticRegression judge = null;
        for (int config = 0; config < 3; config++) { // plain, preconditioned, preconditioned to a tight gradient
            boolean precondition = config > 0;
            Stopping stopping = config == 2 ? Stopping.defaults().withGtol(1e-9).withFtol(0)
                    : Minimizers.create("lbfgs").stopping();
            listener.reset();
            long t0 = System.nanoTime();
            SparkData.Blocks blocks = SparkData.blocks(frame, ExampleBlock.DEFAULT_ROWS);
            DistributedLogisticRegression objective = new DistributedLogisticRegression(blocks.blocks(), cols,
                    DistributedOptions.defaults().withL2(L2).withPreconditioning(precondition));
            long t1 = System.nanoTime();
            MinimizeResult r;
            try (Tensor x = objective.startingPoint(Backends.best())) {
                r = Minimizers.create("lbfgs", stopping).minimize(objective, x, false);
            }
            long t2 = System.nanoTime();
            SparkWorkListener.settle();
            DistributedCounters c = objective.counters();
            row(print, "Descent L-BFGS" + (precondition ? ", preconditioned" : "") + (config == 2 ? ", gtol 1e-9" : ""),
                    r.value(), r.iterations(),
                    c.gradients(), listener.jobs(), listener.broadcastBytes() + " (payload " + c.bytesBroadcast() + ")", t0, t1, t2);
            if (config > 0) {
                objective.blocks().unpersist(true);
            } else {
                judge = objective;
            }
        }
        for (double tol : new double[] {1e-6, 1e-9}) {
            listener.reset();
            long t0 = System.nanoTime();
            LogisticRegressionModel model = MllibLogistic.estimator(L2, tol, 1000).fit(frame);
            long t2 = System.nanoTime();
            SparkWorkListener.settle();
            long jobs = listener.jobs();
            long bytes = listener.broadcastBytes();
            double f = value(judge, model.coefficients().toArray());
            int evaluations = model.summary().objectiveHistory().length;
            row(print, "MLlib LogisticRegression, tol " + tol, f, model.summary().totalIterations(), evaluations, jobs,
                    String.valueOf(bytes), t0, t0, t2);
        }
        judge.blocks().unpersist(true);
    }

    private static double value(DistributedLogisticRegression objective, double[] w) {
        try (Tensor x = Backends.best().fromArray("w", w);
                Tensor g = Backends.best().allocate("g", x.dtype(), w.length)) {
            return objective.valueAndGradient(x, g);
        }
    }

    private static void row(boolean print, String run, double f, int iterations, long evaluations, long jobs,
            String bytes, long t0, long t1, long t2) {
        if (!print) {
            return;
        }
        System.out.printf(Locale.ROOT, "| %s | %.12f | %d | %d | %d | %s | %.2f | %.2f | %.2f |%n", run, f, iterations,
                evaluations, jobs, bytes, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
        System.out.flush();
    }
}

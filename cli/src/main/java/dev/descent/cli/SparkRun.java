package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.objective.LogisticRegression;
import dev.descent.spark.CurvatureSample;
import dev.descent.spark.DistributedCounters;
import dev.descent.spark.DistributedOptions;
import dev.descent.spark.SparkMinimize;
import dev.descent.tensor.DType;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code descent minimize --spark MASTER}: the logistic problem on Spark ({@link SparkMinimize}),
 * its examples read by Spark from {@code --data} (CSV, LIBSVM, Parquet) or, without {@code --data},
 * the synthetic set of the single-machine problem, parallelized. Spark is not a dependency of the
 * command line (it is {@code provided}): the launcher puts it on the class path when {@code --spark}
 * is given, and its absence is one line, not a stack trace.
 */
final class SparkRun {

    /** The options that mean nothing without {@code --spark}. */
    static final List<String> OPTIONS = List.of("format", "precondition", "curvature-sample", "partitions");

    private SparkRun() {
    }

    /** Rejects the Spark options without {@code --spark}, and {@code --spark} where it does not apply. */
    static void check(Arguments args, String method, String problem, boolean training) throws BadInputException {
        if (!args.has("spark")) {
            for (String o : OPTIONS) {
                if (args.has(o)) {
                    throw new BadInputException("--" + o + " applies only to a run on Spark (--spark MASTER)");
                }
            }
            return;
        }
        if (!problem.equals("logistic")) {
            throw new BadInputException("--spark runs only the logistic problem, not " + problem);
        }
        if (training) {
            throw new BadInputException("--spark runs the full-batch minimizers, not the optimizer " + method);
        }
        if (args.has("format") && !args.has("data")) {
            throw new BadInputException("--format applies to a --data file");
        }
        if (args.has("curvature-sample") && !method.equals("hf")) {
            throw new BadInputException("--curvature-sample applies only to hf, not to " + method);
        }
    }

    /**
     * Runs {@code minimizer} on Spark; {@code local} is the single-machine problem of the same options
     * (its synthetic data are the ones distributed when there is no {@code --data}; null with {@code --data}).
     */
    static MinimizeReport run(Arguments args, Minimizer minimizer, LogisticRegression local, Backend backend,
            DType dtype) throws BadInputException {
        String master = master(args);
        int partitions = partitions(args);
        double l2 = args.has("l2") ? MinimizeCommand.number(args, "l2") : Double.NaN;
        boolean sampled = args.has("curvature-sample");
        double fraction = sampled ? MinimizeCommand.number(args, "curvature-sample") : Double.NaN;
        long seed = sampled && args.has("seed") ? MinimizeCommand.seed(args) : 0;
        SparkMinimize.Outcome outcome = guarded(() -> {
            DistributedOptions options = DistributedOptions.defaults()
                    .withL2(Double.isNaN(l2) ? DistributedOptions.DEFAULT_L2 : l2)
                    .withPreconditioning(args.flag("precondition"));
            if (sampled) {
                options = options.withCurvature(new CurvatureSample(fraction, seed));
            }
            SparkMinimize.Source source = local == null
                    ? SparkMinimize.Source.file(args.option("data", ""), args.option("format", null), partitions)
                    : SparkMinimize.Source.of(local.data(), partitions);
            return SparkMinimize.run(master, source, options, minimizer, backend, dtype, args.flag("trajectory"));
        });
        MinimizeResult r = outcome.result();
        DistributedCounters c = outcome.counters();
        return new MinimizeReport("logistic", outcome.weights().length, dtype == DType.FLOAT64 ? "float64" : "float32",
                backend.name(), r, new SparkSummary(outcome.master(), outcome.examples(), outcome.partitions(),
                        c.passes(), c.sampledPasses(), c.bytesBroadcast()));
    }

    /** The master URL of {@code --spark}; throws if it is empty. */
    static String master(Arguments args) throws BadInputException {
        String master = args.option("spark", "").strip();
        if (master.isEmpty()) {
            throw new BadInputException("--spark needs a master URL (local[2], spark://host:7077, yarn, ...)");
        }
        return master;
    }

    /** {@code --partitions}, or 0 for Spark's default. */
    static int partitions(Arguments args) throws BadInputException {
        return args.has("partitions") ? MinimizeCommand.positiveInt(args, "partitions") : 0;
    }

    /**
     * What {@code run} returns, the ways a run on Spark fails turned into the command line's: Spark
     * missing from the class path or bad input is one line (exit 2), a failed Spark job one line (exit 1).
     */
    static <T> T guarded(Supplier<T> run) throws BadInputException {
        try {
            return run.get();
        } catch (NoClassDefFoundError e) {
            throw new BadInputException("--spark: Apache Spark is not on the class path (" + e.getMessage()
                    + " is missing); the launcher takes it from $SPARK_HOME/jars or from the build's"
                    + " descent-spark/target/spark-classpath.txt (rebuild: ./mvnw -q -DskipTests -pl cli -am package)");
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        } catch (IllegalStateException e) { // a Spark job failed: its first line says which pass and why
            throw new SparkFailure(e.getMessage().lines().findFirst().orElse(e.toString()), e);
        }
    }

    /** A failed Spark job: reported in one line, exit status 1. */
    static final class SparkFailure extends RuntimeException {
        SparkFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

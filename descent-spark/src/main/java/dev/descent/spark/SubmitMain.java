package dev.descent.spark;

import dev.descent.backend.Backends;
import dev.descent.minimize.Lbfgs;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.tensor.DType;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The main class for {@code spark-submit}: logistic regression on a file, with the master, the
 * executors and their JVM options set by {@code spark-submit} (README, "On a Spark cluster").
 *
 * <pre>
 * SubmitMain --data PATH [--format csv|libsvm|parquet] [--method lbfgs] [--l2 1e-3] [--precondition]
 *            [--gtol 1e-5] [--max-iter K] [--m 10] [--curvature-sample F] [--partitions P]
 * </pre>
 *
 * Prints the result, the passes over the data and the bytes broadcast, then the weights, one per
 * line. Exit status 0 when the run converged, 1 when it stopped otherwise, 2 for bad arguments.
 */
public final class SubmitMain {

    private static final Set<String> FLAGS = Set.of("precondition");
    private static final Set<String> VALUES = Set.of("data", "format", "method", "l2", "gtol", "max-iter", "m",
            "curvature-sample", "partitions");

    private SubmitMain() {
    }

    /** Runs {@link #run} on the arguments and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The run {@link #main} makes; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> o = new HashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String name = args[i].startsWith("--") ? args[i].substring(2) : "";
                if (FLAGS.contains(name)) {
                    o.put(name, "true");
                } else if (VALUES.contains(name) && i + 1 < args.length) {
                    o.put(name, args[++i]);
                } else {
                    throw new IllegalArgumentException("unexpected argument '" + args[i] + "' (options: --"
                            + String.join(", --", VALUES) + ", --precondition)");
                }
            }
            if (!o.containsKey("data")) {
                throw new IllegalArgumentException("--data PATH is required");
            }
            String method = o.getOrDefault("method", "lbfgs").toLowerCase(Locale.ROOT);
            Minimizer minimizer = Minimizers.create(method);
            Stopping stopping = minimizer.stopping();
            if (o.containsKey("gtol")) {
                stopping = stopping.withGtol(Double.parseDouble(o.get("gtol")));
            }
            if (o.containsKey("max-iter")) {
                stopping = stopping.withMaxIterations(Integer.parseInt(o.get("max-iter")));
            }
            minimizer = minimizer.withStopping(stopping);
            if (o.containsKey("m")) {
                if (!(minimizer instanceof Lbfgs lbfgs)) {
                    throw new IllegalArgumentException("--m applies only to lbfgs");
                }
                minimizer = lbfgs.withMemory(Integer.parseInt(o.get("m")));
            }
            DistributedOptions options = DistributedOptions.defaults()
                    .withL2(Double.parseDouble(o.getOrDefault("l2", String.valueOf(DistributedOptions.DEFAULT_L2))))
                    .withPreconditioning(o.containsKey("precondition"));
            if (o.containsKey("curvature-sample")) {
                options = options.withCurvature(new CurvatureSample(Double.parseDouble(o.get("curvature-sample")), 0));
            }
            SparkMinimize.Source source = SparkMinimize.Source.file(o.get("data"), o.get("format"),
                    Integer.parseInt(o.getOrDefault("partitions", "0")));
            SparkMinimize.Outcome r = SparkMinimize.run(null, source, options, minimizer, Backends.best(),
                    DType.FLOAT64, false);
            out.println(r.result());
            DistributedCounters c = r.counters();
            out.printf(Locale.ROOT, "spark: %s, %d examples in %d partitions, %d passes over the data, %d bytes"
                    + " broadcast%n", r.master(), r.examples(), r.partitions(), c.passes(), c.bytesBroadcast());
            for (double w : r.weights()) {
                out.println(w);
            }
            return r.result().converged() ? 0 : 1;
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println("descent-spark: " + e.getMessage());
            return 2;
        }
    }
}

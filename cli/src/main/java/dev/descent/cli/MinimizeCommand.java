package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.minimize.Lbfgs;
import dev.descent.minimize.LinearConjugateGradient;
import dev.descent.minimize.MiniBatchTraining;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Reorthogonalization;
import dev.descent.minimize.StopReason;
import dev.descent.minimize.Stopping;
import dev.descent.objective.Objective;
import dev.descent.objective.LogisticRegression;
import dev.descent.objective.Problems;
import dev.descent.objective.StochasticObjective;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code descent minimize}: one run of a minimizer ({@link Minimizers}) or of a first-order optimizer
 * trained on mini-batches ({@link MiniBatchTraining}) on a built-in problem ({@link Problems}),
 * printed as a summary or as one JSON line.
 */
final class MinimizeCommand implements Command {

    /** vSGD with finite-difference curvature: the optimizer {@code vsgd} with {@code variant=fd}. */
    private static final String VSGD_FD = "vsgd-fd";

    /** The default batch size of training on a problem with examples (clipped to their number). */
    static final int DEFAULT_BATCH = 32;

    /** The default number of epochs of training. */
    static final int DEFAULT_EPOCHS = 10;

    /** Each problem option and the problems it applies to. */
    private static final Map<String, Set<String>> PROBLEM_OPTIONS = Map.of(
            "cond", Set.of("quadratic"),
            "dense", Set.of("quadratic"),
            "l2", Set.of("logistic"),
            "data", Set.of("logistic"),
            "rows", Set.of("logistic"),
            "cols", Set.of("logistic"));

    /** The options that apply only to first-order optimizers. */
    private static final List<String> TRAINING_OPTIONS = List.of("lr", "momentum", "weight-decay", "hyper", "batch",
            "epochs");

    @Override
    public String name() {
        return "minimize";
    }

    @Override
    public String synopsis() {
        return "minimize --method M --problem P [--n N] [OPTIONS]";
    }

    @Override
    public String summary() {
        return "minimize a built-in problem with CG, BFGS, L-BFGS, Newton, HF or an optimizer";
    }

    @Override
    public CommandModel model() {
        List<String> methods = new ArrayList<>(Minimizers.NAMES);
        methods.addAll(trainingMethods());
        return CommandModel.of(this).description("""
                Runs one method on one problem from the problem's starting point and prints the \
                result: the stop reason, iterations, evaluations of f and g, the final f and ‖g‖∞, \
                and the wall time.

                methods: %s (deterministic, float64 by default), or a first-order optimizer trained \
                on mini-batches: %s (vsgd: vSGD-l with the problem's diagonal curvature; vsgd-fd: vSGD \
                with curvature from a finite difference of gradients; both set their own rates)
                problems: quadratic (½xᵀAx, A = diag(logspace(0, log10 cond, n)), x0 = 1), \
                rosenbrock (extended, n even), beale, saddle (2-D), logistic (L2-regularised \
                logistic regression)"""
                        .formatted(String.join(", ", Minimizers.NAMES), String.join(", ", trainingMethods())))
                .choice("method", "M", methods, "the method (required)")
                .choice("problem", "P", Problems.NAMES, "the problem (required)")
                .value("n", "N", "the number of variables (default: the problem's; logistic: features)")
                .choice("backend", "NAME", BackendChoice.knownNameList(),
                        "the backend (default: the best available one)")
                .choice("dtype", "f64|f32", List.of("f64", "f32"),
                        "the precision (default f64; optimizers always step in float32)")
                .value("gtol", "G", "stop when ‖g‖∞ ≤ G (default 1e-5)")
                .value("ftol", "F", "also stop when (f_prev − f)/max(|f_prev|, |f|, 1) ≤ F (default: lbfgs 2.2e-9"
                        + " as SciPy's L-BFGS-B, other methods 0 = off)")
                .value("max-iter", "K", "iteration limit (default: SciPy's for the method: 200·n for ncg, bfgs"
                        + " and newton, 10·n for cg, 15000 for lbfgs and hf; optimizers: none, the epochs are the limit)")
                .flag("trajectory", "also print f per iteration (per epoch for optimizers), and x for 2-D problems")
                .flag("json", "print one JSON line: method, problem, n, backend, iterations, f_evals, g_evals, f,"
                        + " grad_norm, stop, seconds (and trajectory with --trajectory)")
                .section("problem options:")
                .value("cond", "K", "quadratic: condition number (default 1e4)")
                .flag("dense", "quadratic: a seeded dense SPD matrix instead of a diagonal one (n ≤ 1024)")
                .value("l2", "L", "logistic: the L2 coefficient (default 1e-3)")
                .value("rows", "R", "logistic: rows of the synthetic data (default 1000)")
                .value("cols", "C", "logistic: features (the same as --n)")
                .file("data", "FILE", "logistic: a CSV file, features then a 0/1 or -1/+1 label per line")
                .value("seed", "S", "the seed of the synthetic data or dense matrix, and of the batch order (default 0)")
                .section("on Apache Spark (logistic, full-batch methods):")
                .value("spark", "MASTER", "run on Spark: the examples in a cached RDD, each gradient and curvature"
                        + " product one pass (local[2], spark://host:7077, yarn, ...; Spark from $SPARK_HOME/jars or"
                        + " the build)")
                .value("format", "csv|libsvm|parquet", "the --data format (default: by the name, .parquet, .libsvm"
                        + " or .svm, else csv); --data may be a folder or any URL Spark reads")
                .flag("precondition", "scale the features by their standard deviations inside the objective"
                        + " (MLlib's coordinates); the result is in the original ones")
                .value("curvature-sample", "F", "hf: Gauss-Newton products on a seeded sample of F of the blocks"
                        + " (a new one per iteration; seed --seed)")
                .value("partitions", "P", "partitions of the examples (default: Spark's)")
                .section("method options:")
                .value("m", "M", "lbfgs: history length (default 10)")
                .choice("reorthogonalize", "R", List.of("auto", "on", "off"), "cg: auto, on or off: reorthogonalize"
                        + " the residuals (default auto: on for n ≤ " + Reorthogonalization.AUTO_MAX_DIMENSION + ")")
                .value("lr", "X", "optimizers: learning rate (default: torch's; vsgd: a multiplier of its own rates,"
                        + " default 1)")
                .value("momentum", "X", "optimizers: the momentum-like hyper-parameter (SGD's and RMSprop's momentum,"
                        + " Adam's β1, ...)")
                .value("weight-decay", "X", "optimizers: weight_decay")
                .value("hyper", "KEY=VALUE", "optimizers: any torch-named hyper-parameter, repeatable"
                        + " (betas=0.9,0.99, nesterov=true)")
                .value("batch", "B|all", "optimizers: examples per step (default " + DEFAULT_BATCH + "; all = full"
                        + " batch; problems without examples are always full batch)")
                .value("epochs", "E", "optimizers: passes over the data (default " + DEFAULT_EPOCHS + ")")
                .footer("""
                        Exit status 0 when the run converged (or an optimizer ran its epochs), 1 when it stopped \
                        otherwise (iteration limit, line-search failure, non-finite values, negative \
                        curvature), 2 for bad input.""");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (!args.operands().isEmpty()) {
            throw new BadInputException("'minimize' takes no arguments besides options, got '"
                    + args.operands().getFirst() + "'");
        }
        String method = required(args, "method").toLowerCase(Locale.ROOT);
        String problem = required(args, "problem").toLowerCase(Locale.ROOT);
        boolean training = trainingMethods().contains(method);
        if (!training && !Minimizers.NAMES.contains(method)) {
            throw new BadInputException("unknown method '" + method + "' (known: " + String.join(", ", Minimizers.NAMES)
                    + ", or an optimizer: " + String.join(", ", trainingMethods()) + ")");
        }
        if (!Problems.NAMES.contains(problem)) {
            throw new BadInputException("unknown problem '" + problem + "' (known: " + String.join(", ", Problems.NAMES)
                    + ")");
        }
        rejectMethodOptions(args, method, training);
        SparkRun.check(args, method, problem, training);
        DType dtype = dtype(args.option("dtype", "f64"));
        Backend backend = backend(args.option("backend", null));
        boolean trajectory = args.flag("trajectory");
        if (args.has("spark")) {
            return runOnSpark(args, method, dtype, backend, out, err);
        }
        MinimizeResult result;
        int n;
        String name;
        try (Objective objective = problem(args, problem, training)) { // releases its data's copies on the backend
            n = objective.dimension();
            name = objective.name();
            Minimizer minimizer = minimizer(args, method, training, objective);
            try (Tensor x = objective.startingPoint(backend, dtype)) {
                result = minimizer.minimize(objective, x, trajectory);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage()); // a limit of the method (n too large for newton, ...)
            }
        }
        return print(args, new MinimizeReport(name, n, dtype == DType.FLOAT64 ? "float64" : "float32", backend.name(),
                result), out);
    }

    /** {@code --spark}: the logistic problem on Spark, its synthetic data made here unless {@code --data} names a file. */
    private static int runOnSpark(Arguments args, String method, DType dtype, Backend backend, PrintStream out,
            PrintStream err) throws BadInputException {
        boolean file = args.has("data");
        try (Objective local = file ? null : problem(args, "logistic", false)) {
            Minimizer minimizer = minimizer(args, method, false, local);
            return print(args, SparkRun.run(args, minimizer, (LogisticRegression) local, backend, dtype), out);
        } catch (SparkRun.SparkFailure e) {
            err.println("descent: " + e.getMessage());
            return Main.FAILED;
        }
    }

    /** Prints {@code report} as text or JSON; the exit status of its run. */
    private static int print(Arguments args, MinimizeReport report, PrintStream out) {
        if (args.flag("json")) {
            out.println(report.json());
        } else {
            report.printText(out);
        }
        MinimizeResult result = report.result();
        boolean finished = result.converged() || result.stopReason() == StopReason.EPOCHS_DONE;
        return finished ? Main.OK : Main.FAILED;
    }

    /** The optimizers' names and {@code vsgd-fd}: the methods trained on mini-batches. */
    private static List<String> trainingMethods() {
        List<String> methods = new ArrayList<>(OptimizerSpecs.names());
        methods.add(VSGD_FD);
        return methods;
    }

    private static String required(Arguments args, String option) throws BadInputException {
        String v = args.option(option, null);
        if (v == null || v.isBlank()) {
            throw new BadInputException("minimize needs --" + option + " (see descent help minimize)");
        }
        return v.strip();
    }

    /** Options of one kind of method given to another kind are mistakes: say which method they belong to. */
    private static void rejectMethodOptions(Arguments args, String method, boolean training) throws BadInputException {
        if (!training) {
            for (String o : TRAINING_OPTIONS) {
                if (args.has(o)) {
                    throw new BadInputException("--" + o + " applies only to the first-order optimizers ("
                            + String.join(", ", trainingMethods()) + "), not to " + method);
                }
            }
        }
        if (args.has("m") && !method.equals("lbfgs")) {
            throw new BadInputException("--m (the history length) applies only to lbfgs, not to " + method);
        }
        if (args.has("reorthogonalize") && !method.equals("cg")) {
            throw new BadInputException("--reorthogonalize applies only to cg, not to " + method);
        }
    }

    private static DType dtype(String value) throws BadInputException {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "f64", "float64" -> DType.FLOAT64;
            case "f32", "float32" -> DType.FLOAT32;
            default -> throw new BadInputException("--dtype must be f64 or f32, got '" + value + "'");
        };
    }

    /** The backend {@code --backend} names (one), or the best available one when it is not given. */
    static Backend backend(String value) throws BadInputException {
        return backend(value, "minimize");
    }

    /** {@link #backend(String)} for {@code command}, which the message of a list of backends names. */
    static Backend backend(String value, String command) throws BadInputException {
        if (value == null) {
            try {
                return Backends.best();
            } catch (IllegalArgumentException | IllegalStateException e) { // a forced backend that is unknown or cannot run
                throw new BadInputException(e.getMessage());
            }
        }
        if (value.strip().equalsIgnoreCase(BackendChoice.ALL) || value.contains(",")) {
            throw new BadInputException(command + " runs on one backend: --backend needs one name (known: "
                    + BackendChoice.knownNames() + "), got '" + value + "'");
        }
        return BackendChoice.select(value).getFirst();
    }

    private static Objective problem(Arguments args, String problem, boolean training) throws BadInputException {
        for (Map.Entry<String, Set<String>> e : PROBLEM_OPTIONS.entrySet()) {
            if (args.has(e.getKey()) && !e.getValue().contains(problem)) {
                throw new BadInputException("--" + e.getKey() + " applies only to problem " + String.join(", ",
                        e.getValue()) + ", not to " + problem);
            }
        }
        int n = args.has("n") ? positiveInt(args, "n") : 0;
        if (args.has("cols")) {
            int cols = positiveInt(args, "cols");
            if (n != 0 && n != cols) {
                throw new BadInputException("--n " + n + " and --cols " + cols + " disagree (for logistic both are the"
                        + " number of features)");
            }
            n = cols;
        }
        if (args.has("data") && !args.has("spark")) { // Spark reads folders and URLs (hdfs://...) too
            requireReadable(args.option("data", ""));
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String o : List.of("cond", "l2", "data", "rows")) {
            if (args.has(o)) {
                options.put(o, args.option(o, null));
            }
        }
        if (args.flag("dense")) {
            options.put("dense", "true");
        }
        boolean seededProblem = (problem.equals("logistic") && !args.has("data"))
                || (problem.equals("quadratic") && args.flag("dense"));
        if (args.has("seed")) {
            long seed = seed(args);
            if (seededProblem) {
                options.put("seed", Long.toString(seed));
            } else if (!training) {
                throw new BadInputException("--seed applies to logistic's synthetic data, a --dense quadratic or"
                        + " an optimizer's batch order; " + problem + (args.has("data") ? " with --data" : "")
                        + " has no seed");
            }
        }
        try {
            return Problems.create(problem, n, options);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static void requireReadable(String file) throws BadInputException {
        boolean readable;
        try {
            readable = Files.isReadable(Path.of(file));
        } catch (InvalidPathException e) {
            readable = false;
        }
        if (!readable) {
            throw new BadInputException("--data: cannot read '" + file + "' (no such file, or not readable)");
        }
    }

    private static Minimizer minimizer(Arguments args, String method, boolean training, Objective objective)
            throws BadInputException {
        Stopping stopping = training ? Stopping.defaults().withMaxIterations(Integer.MAX_VALUE)
                : Minimizers.create(method).stopping(); // the method's own defaults (lbfgs: SciPy's ftol)
        if (args.has("gtol")) {
            double gtol = number(args, "gtol");
            if (!(gtol >= 0) || Double.isInfinite(gtol)) {
                throw new BadInputException("--gtol must be a number ≥ 0, got '" + args.option("gtol", "") + "'");
            }
            stopping = stopping.withGtol(gtol);
        }
        if (args.has("max-iter")) {
            stopping = stopping.withMaxIterations(nonNegativeInt(args, "max-iter"));
        }
        if (args.has("ftol")) {
            double ftol = number(args, "ftol");
            if (!(ftol >= 0) || Double.isInfinite(ftol)) {
                throw new BadInputException("--ftol must be a number ≥ 0, got '" + args.option("ftol", "") + "'");
            }
            stopping = stopping.withFtol(ftol);
        }
        if (training) {
            return training(args, method, objective).withStopping(stopping);
        }
        Minimizer m = Minimizers.create(method, stopping);
        if (m instanceof Lbfgs lbfgs && args.has("m")) {
            m = lbfgs.withMemory(positiveInt(args, "m"));
        }
        if (m instanceof LinearConjugateGradient cg && args.has("reorthogonalize")) {
            try {
                m = cg.withReorthogonalization(Reorthogonalization.fromLabel(args.option("reorthogonalize", "")));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--reorthogonalize must be auto, on or off, got '"
                        + args.option("reorthogonalize", "") + "'");
            }
        }
        return m;
    }

    private static MiniBatchTraining training(Arguments args, String method, Objective objective)
            throws BadInputException {
        OptimizerSpec spec = optimizerSpec(args, method);
        int examples = objective instanceof StochasticObjective s ? s.exampleCount() : 0;
        int batch;
        String b = args.option("batch", null);
        if (b != null && b.strip().equalsIgnoreCase("all")) {
            batch = MiniBatchTraining.ALL;
        } else if (b != null) {
            batch = positiveInt(args, "batch");
            if (examples == 0) {
                throw new BadInputException("--batch " + batch + ": problem '" + objective.name() + "' has no examples"
                        + " to batch (only logistic has); leave --batch out or give --batch all");
            }
            if (batch > examples) {
                throw new BadInputException("--batch " + batch + " is more than the " + examples
                        + " examples of problem '" + objective.name() + "'");
            }
        } else {
            batch = examples == 0 ? MiniBatchTraining.ALL : Math.min(DEFAULT_BATCH, examples);
        }
        int epochs = args.has("epochs") ? positiveInt(args, "epochs") : DEFAULT_EPOCHS;
        long seed = args.has("seed") ? seed(args) : 0;
        return MiniBatchTraining.of(spec, batch, epochs, seed);
    }

    /**
     * The optimizer {@code method} (an optimizer's name or {@code vsgd-fd}) with the hyper-parameters of
     * {@code --hyper}, {@code --lr}, {@code --weight-decay} and {@code --momentum}, where given.
     */
    static OptimizerSpec optimizerSpec(Arguments args, String method) throws BadInputException {
        Map<String, Object> hyper = new LinkedHashMap<>();
        for (String entry : args.all("hyper")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--hyper needs KEY=VALUE, got '" + entry + "'");
            }
            String key = entry.substring(0, eq).strip();
            if (hyper.put(key, hyperValue(entry.substring(eq + 1).strip())) != null) {
                throw new BadInputException("--hyper " + key + " is given twice");
            }
        }
        putOnce(hyper, "lr", args, "lr");
        putOnce(hyper, "weight_decay", args, "weight-decay");
        String optimizer = method;
        if (method.equals(VSGD_FD)) {
            if (hyper.containsKey("variant")) {
                throw new BadInputException("vsgd-fd is vsgd with variant=fd; give --method vsgd to choose the variant");
            }
            hyper.put("variant", "fd");
            optimizer = "vsgd";
        }
        try {
            OptimizerSpec spec = OptimizerSpecs.fromHyper(optimizer, hyper);
            if (args.has("momentum")) {
                if (spec.momentumLike().isEmpty()) {
                    throw new BadInputException("--momentum: " + method + " has no momentum-like hyper-parameter");
                }
                spec = spec.withMomentum(number(args, "momentum"));
            }
            return spec;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** {@code --option}'s number as {@code hyper[key]}, unless {@code --hyper key=...} set it already. */
    private static void putOnce(Map<String, Object> hyper, String key, Arguments args, String option)
            throws BadInputException {
        if (!args.has(option)) {
            return;
        }
        if (hyper.containsKey(key)) {
            throw new BadInputException(key + " is given twice (--" + option + " and --hyper " + key + "=...)");
        }
        hyper.put(key, number(args, option));
    }

    /** true/false, a pair {@code a,b} (betas, etas, step_sizes), a number, or else a string (Rprop's variant). */
    static Object hyperValue(String text) throws BadInputException {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        if (text.contains(",")) {
            List<Double> values = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                try {
                    values.add(Double.parseDouble(part.strip()));
                } catch (NumberFormatException e) {
                    throw new BadInputException("--hyper: '" + text + "' is not a list of numbers");
                }
            }
            return values;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static double number(Arguments args, String option) throws BadInputException {
        String v = args.option(option, "");
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + option + " must be a number, got '" + v + "'");
        }
    }

    static int positiveInt(Arguments args, String option) throws BadInputException {
        String v = args.option(option, "");
        try {
            int i = Integer.parseInt(v.strip());
            if (i >= 1) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new BadInputException("--" + option + " must be an integer ≥ 1, got '" + v + "'");
    }

    static int nonNegativeInt(Arguments args, String option) throws BadInputException {
        String v = args.option(option, "");
        try {
            int i = Integer.parseInt(v.strip());
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new BadInputException("--" + option + " must be an integer ≥ 0, got '" + v + "'");
    }

    static long seed(Arguments args) throws BadInputException {
        String v = args.option("seed", "");
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException("--seed must be an integer, got '" + v + "'");
        }
    }
}

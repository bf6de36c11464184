package dev.descent.cli;

import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import dev.descent.bench.BenchmarkedOptimizers;
import dev.descent.bench.harness.BenchPlan;
import dev.descent.bench.harness.BenchResults;
import dev.descent.bench.harness.BenchRow;
import dev.descent.bench.harness.BenchSuite;
import dev.descent.bench.harness.MachineDescription;
import dev.descent.bench.harness.Sizes;
import dev.descent.bench.harness.StepMode;
import dev.descent.bench.harness.TimingPlan;
import dev.descent.lab.Plots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code descent bench}: how fast each optimizer step runs on each backend here, against the memory
 * bandwidth measured in the same run, as a table, JSON rows or a plot. Built on the harness of
 * {@code dev.descent.bench.harness}, not JMH, so that the default run takes about two minutes.
 */
final class BenchCommand implements Command {

    /** The value of a list option that selects everything. */
    private static final String ALL = "all";

    /** The most threads {@code --threads} accepts: beyond any machine's cores, a typo. */
    static final int MAX_THREADS = 1024;

    /** The largest size {@code --sizes} accepts: a Java array (the reference backend's tensors) holds no more. */
    static final int MAX_SIZE = 1_000_000_000;

    /** With the default split, the largest size is split only if each tensor then holds at least this many elements. */
    private static final int MIN_SPLIT_ELEMENTS = 1000;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String synopsis() {
        return "bench [--sizes N,...] [--optimizers O,...] [OPTIONS]";
    }

    @Override
    public String summary() {
        return "time every optimizer step on every backend against this machine's memory bandwidth";
    }

    @Override
    public CommandModel model() {
        List<String> optimizers = new ArrayList<>(List.of(ALL));
        optimizers.addAll(BenchmarkedOptimizers.names());
        List<String> backends = new ArrayList<>(List.of(ALL));
        backends.addAll(allBackends());
        return CommandModel.of(this).description("""
                Times one step of each optimizer on each backend at each size, and prints per case the \
                elements per second, the effective GB/s (the bytes one step must read and write per \
                element: adam 28, sgd-momentum 20, sgd 12, ...), the share of the memory bandwidth \
                measured in the same run (the higher of copy b = a and triad y = y + s·x, at the same \
                size and thread count) and the speed-up over the reference backend. The largest size is \
                also run split into many tensors, once as one parameter group (one fused call) and once \
                as a group per tensor, which shows what fusing the step saves. The default run takes \
                about two minutes on two cores; a progress line goes to standard error.

                Rules: each kernel first runs untimed for twice --warmup-ms so that the JIT has compiled \
                it; each case is then warmed up for at least --warmup-ms and until its speed is steady \
                (at most five times as long), and timed in --runs runs of back-to-back steps lasting at \
                least --run-ms each; the table shows the median time per step as elements/s with the \
                slowest and fastest run beside it. The SIMD backend runs on exactly \
                the thread counts of --threads; the reference and CUDA backends have no thread count \
                (one row each, threads 1). A backend that cannot run here is skipped with its reason.""")
                .value("sizes", "N,...", "elements of the one-tensor cases, as 10000 or 1e4 (default 1e4,1e6,1e7)")
                .choice("optimizers", "O,...", optimizers, "optimizer configurations or all (default all: "
                        + String.join(", ", BenchmarkedOptimizers.names()) + ")")
                .choice("backends", "B,...", backends, "backends or all (default all: "
                        + String.join(", ", allBackends()) + ")")
                .value("threads", "T,...", "the SIMD backend's thread counts (default "
                        + Runtime.getRuntime().availableProcessors() + ", this machine's processors)")
                .value("tensors", "K", "also run the largest size as K tensors (default 1000 when each then holds"
                        + " at least " + MIN_SPLIT_ELEMENTS + " elements; 1 for none)")
                .flag("kernel", "time the optimizer's kernel alone, without Optimizer.step()'s checks and its scan"
                        + " of the gradient for NaN/Inf (the figure comparable with a fused C loop)")
                .flag("clip-norm", "time Optimizer.step() clipping the gradients' total 2-norm to "
                        + StepMode.CLIP_NORM + ": the norm pass replaces the NaN/Inf scan (what clipping costs)")
                .value("runs", "R", "timed runs per case (default " + TimingPlan.DEFAULT_RUNS + ")")
                .value("run-ms", "MS", "least duration of one timed run (default "
                        + TimingPlan.DEFAULT_RUN_NANOS / 1_000_000 + ")")
                .value("warmup-ms", "MS", "least warm-up per case (default "
                        + TimingPlan.DEFAULT_WARMUP_NANOS / 1_000_000 + ")")
                .flag("json", "one JSON object per case instead of the table: optimizer, backend, n, threads,"
                        + " elements_per_s, gb_per_s, roofline_fraction, median_ns, runs, and more")
                .file("out", "FILE", "write the JSON rows to FILE (the table still goes to standard output)")
                .file("plot", "FILE", "plot elements/s against size per backend, with the bandwidth bound, to"
                        + " FILE.png or FILE.svg (may be given twice)")
                .footer("The JMH suite (bench/target/benchmarks.jar) measures the same kernels with forked JVMs;"
                        + " see docs/benchmarks.md.");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (!args.operands().isEmpty()) {
            throw new BadInputException("'bench' takes no arguments besides options, got '"
                    + args.operands().getFirst() + "'");
        }
        BenchPlan plan = plan(args);
        Path jsonFile = args.has("out") ? writableFile("out", args.option("out", "")) : null;
        List<Path> plots = new ArrayList<>();
        for (String p : args.all("plot")) {
            if (!Plots.supports(p)) {
                throw new BadInputException("--plot needs a file ending in .png or .svg, got '" + p + "'");
            }
            plots.add(writableFile("plot", p));
        }
        boolean jsonToStdout = args.flag("json") && jsonFile == null;

        BenchSuite suite;
        try {
            suite = BenchSuite.prepare(plan);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException(e.getMessage());
        }
        if (suite.targets().isEmpty()) {
            List<String> why = new ArrayList<>();
            suite.skipped().forEach((name, reason) -> why.add(name + ": " + reason));
            throw new BadInputException("none of the backends asked for can run here (" + String.join("; ", why) + ")");
        }
        for (Map.Entry<String, String> s : suite.skipped().entrySet()) {
            err.println("descent bench: skipping backend '" + s.getKey() + "': " + s.getValue());
        }
        // The rules go where the table goes; with JSON on standard output, to standard error.
        BenchText.printHeader(MachineDescription.detect().summary(), plan, jsonToStdout ? err : out);
        BenchResults results;
        try {
            results = suite.run(new ProgressLine(err, ProgressLine.isTerminal(err)));
        } catch (OutOfMemoryError e) {
            err.println("descent bench: out of memory (" + e.getMessage() + "); use smaller --sizes or give the JVM"
                    + " more with DESCENT_JAVA_OPTS=-Xmx...");
            return Main.FAILED;
        }
        if (jsonToStdout) {
            for (BenchRow r : results.rows()) {
                out.println(BenchJson.row(r));
            }
        } else {
            BenchText.printResults(results, out);
        }
        try {
            if (jsonFile != null) {
                List<String> lines = new ArrayList<>();
                for (BenchRow r : results.rows()) {
                    lines.add(BenchJson.row(r));
                }
                Files.write(jsonFile, lines, StandardCharsets.UTF_8);
                err.println("descent bench: wrote " + lines.size() + " JSON rows to " + jsonFile);
            }
            for (Path p : plots) {
                BenchPlot.write(results, p);
                err.println("descent bench: wrote the plot " + p);
            }
        } catch (IOException e) {
            err.println("descent bench: cannot write " + e.getMessage());
            return Main.FAILED;
        }
        return Main.OK;
    }

    /** The plan the options ask for, every value checked. */
    static BenchPlan plan(Arguments args) throws BadInputException {
        List<Integer> sizes = new ArrayList<>();
        if (args.has("sizes")) {
            for (String s : list(args, "sizes")) {
                try {
                    sizes.add((int) Sizes.parse(s, MAX_SIZE));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--sizes: " + e.getMessage());
                }
            }
        } else {
            sizes.addAll(BenchPlan.DEFAULT_SIZES);
        }
        List<String> optimizers = optimizers(args);
        List<String> backends = backends(args);
        List<Integer> threads = new ArrayList<>();
        if (args.has("threads")) {
            for (String t : list(args, "threads")) {
                threads.add(intIn("threads", t, 1, MAX_THREADS));
            }
        } else {
            threads.add(Runtime.getRuntime().availableProcessors());
        }
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int split;
        if (args.has("tensors")) {
            split = intIn("tensors", args.option("tensors", ""), 1, Integer.MAX_VALUE);
            if (split > largest) {
                throw new BadInputException("--tensors " + split + " is more than the largest size, " + largest
                        + " elements: each tensor needs at least one");
            }
        } else {
            split = largest / BenchPlan.DEFAULT_SPLIT >= MIN_SPLIT_ELEMENTS ? BenchPlan.DEFAULT_SPLIT : 1;
        }
        int runs = args.has("runs") ? intIn("runs", args.option("runs", ""), 1, 1000) : TimingPlan.DEFAULT_RUNS;
        long runNanos = args.has("run-ms") ? intIn("run-ms", args.option("run-ms", ""), 1, 60_000) * 1_000_000L
                : TimingPlan.DEFAULT_RUN_NANOS;
        long warmupNanos = args.has("warmup-ms")
                ? intIn("warmup-ms", args.option("warmup-ms", ""), 0, 600_000) * 1_000_000L
                : TimingPlan.DEFAULT_WARMUP_NANOS;
        if (args.flag("kernel") && args.flag("clip-norm")) {
            throw new BadInputException("--kernel and --clip-norm exclude each other: the kernel alone has no clipping pass");
        }
        StepMode mode = args.flag("kernel") ? StepMode.KERNEL : args.flag("clip-norm") ? StepMode.CLIPPED : StepMode.STEP;
        try {
            return new BenchPlan(optimizers, backends, sizes, threads, split, mode,
                    new TimingPlan(warmupNanos, runs, runNanos));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static List<String> optimizers(Arguments args) throws BadInputException {
        List<String> known = BenchmarkedOptimizers.names();
        if (!args.has("optimizers") || args.option("optimizers", "").strip().equalsIgnoreCase(ALL)) {
            return known;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String o : list(args, "optimizers")) {
            String name = o.toLowerCase(Locale.ROOT);
            if (!known.contains(name)) {
                throw new BadInputException("--optimizers: unknown optimizer '" + o + "' (known: "
                        + String.join(", ", known) + ")");
            }
            chosen.add(name);
        }
        return List.copyOf(chosen);
    }

    private static List<String> backends(Arguments args) throws BadInputException {
        if (!args.has("backends") || args.option("backends", "").strip().equalsIgnoreCase(ALL)) {
            return allBackends();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String b : list(args, "backends")) {
            try {
                chosen.add(Backends.provider(b).name());
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--backends: " + e.getMessage());
            }
        }
        return List.copyOf(chosen);
    }

    /** Every backend on the class path, the reference first (the speed-ups are relative to it), then by priority upwards. */
    private static List<String> allBackends() {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : Backends.providers().reversed()) {
            if (p.name().equals(BenchSuite.REFERENCE)) {
                names.addFirst(p.name());
            } else {
                names.add(p.name());
            }
        }
        return names;
    }

    /** The comma-separated values of {@code --option}, none of them empty. */
    private static List<String> list(Arguments args, String option) throws BadInputException {
        String value = args.option(option, "");
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            if (item.isBlank()) {
                throw new BadInputException("--" + option + " needs a comma-separated list without empty items, got '"
                        + value + "'");
            }
            items.add(item.strip());
        }
        return items;
    }

    private static int intIn(String option, String value, int min, int max) throws BadInputException {
        try {
            int i = Integer.parseInt(value.strip());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new BadInputException("--" + option + " must be an integer from " + min + " to " + max + ", got '"
                + value + "'");
    }

    /** {@code file} as a path whose folder exists, checked before a run whose results would otherwise be lost. */
    private static Path writableFile(String option, String file) throws BadInputException {
        Path path;
        try {
            path = Path.of(file).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new BadInputException("--" + option + ": '" + file + "' is not a valid path");
        }
        if (file.isBlank() || Files.isDirectory(path)) {
            throw new BadInputException("--" + option + " needs a file name, got '" + file + "'");
        }
        Path folder = path.getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new BadInputException("--" + option + ": cannot write '" + file + "' (no such folder, or not"
                    + " writable)");
        }
        return path;
    }
}

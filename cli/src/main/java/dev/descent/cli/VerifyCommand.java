package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.verify.VerifyRow;
import dev.descent.verify.VerifySuite;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code descent verify}: the self-check for a new user. Random cases of every optimizer on every
 * chosen backend, compared with the reference backend after every step.
 */
final class VerifyCommand implements Command {

    private static final String REFERENCE = "reference";

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String synopsis() {
        return "verify [--backend NAME|all] [--seed N]";
    }

    @Override
    public String summary() {
        return "check every optimizer and network kernel on every backend against the reference";
    }

    @Override
    public CommandModel model() {
        return CommandModel.of(this).description("""
                Runs random cases of every optimizer (each of its hyper-parameter settings, with \
                random sizes, learning rates and gradients, %d steps each) on each chosen backend \
                and compares the parameters with the reference backend after every step. Prints \
                one row per optimizer and backend: the cases run, the worst normalized error \
                |ours - ref| / (%s + %s*|ref|) and PASS (at most 1) or FAIL. Then checks every \
                network kernel (GEMMs, activations, softmax cross-entropy, ...) on fixed cases of odd \
                shapes and both dtypes, each element within a bound derived from its inputs (a GEMM \
                element within gamma_k*sum|a||b|, element-wise results within a few ulps): one row \
                per kernel and backend, the worst error divided by its bound."""
                .formatted(VerifySuite.STEPS, VerifySuite.ATOL, VerifySuite.RTOL))
                .choice("backend", "NAME|all", BackendChoice.choices(), "the backends to check (default: all available ones)")
                .value("seed", "N", "the random seed (default: a new one, printed so that a failure can be repeated)")
                .footer("Exit status 0 if every row passes, 1 otherwise.");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (!args.operands().isEmpty()) {
            throw new BadInputException("'verify' takes no file arguments, got '" + args.operands().getFirst()
                    + "' (for trace files use: descent verify-trace FILE...)");
        }
        long seed = seed(args.option("seed", null));
        List<Backend> backends = BackendChoice.select(args.option("backend", BackendChoice.ALL));
        // The suite skips the reference by identity, so reuse the chosen instance if there is one.
        Backend reference = null;
        for (Backend b : backends) {
            if (b.name().equals(REFERENCE)) {
                reference = b;
            }
        }
        if (reference == null) {
            reference = Backends.get(REFERENCE);
        }
        List<String> checked = new ArrayList<>();
        for (Backend b : backends) {
            if (b != reference) {
                checked.add(b.name());
            }
        }
        if (checked.isEmpty()) {
            out.println("only the reference backend is chosen or available (see descent backends): nothing to compare with it");
            return Main.OK;
        }
        out.println("seed " + seed + ": comparing " + String.join(", ", checked) + " with the reference, "
                + VerifySuite.STEPS + " steps per case");
        out.println();
        List<VerifyRow> rows = VerifySuite.run(backends, reference, seed);
        int failed = table("OPTIMIZER", "optimizer/backend pairs", rows, seed, out);
        out.println();
        List<VerifyRow> network = VerifySuite.runNetwork(backends, reference);
        failed += table("NETWORK KERNEL", "network kernel/backend pairs", network, seed, out);
        return failed == 0 ? Main.OK : Main.FAILED;
    }

    /** Prints one table of rows and its summary line; returns the number of failed rows. */
    private static int table(String what, String pairs, List<VerifyRow> rows, long seed, PrintStream out) {
        TextTable table = new TextTable(what, "BACKEND", "CASES", "WORST ERROR", "RESULT", "WORST CASE").alignRight(2, 3);
        int failed = 0;
        for (VerifyRow r : rows) {
            if (!r.passed()) {
                failed++;
            }
            table.add(r.optimizer(), r.backend(), String.valueOf(r.cases()), Formats.error(r.worstError()),
                    Formats.verdict(r.passed()), r.worstCase());
        }
        table.print(out);
        out.println();
        out.println(failed == 0
                ? "all " + rows.size() + " " + pairs + " passed"
                : failed + " of " + rows.size() + " " + pairs + " FAILED (repeat with --seed " + seed + ")");
        return failed;
    }

    private static long seed(String value) throws BadInputException {
        if (value == null) {
            return new SplittableRandom().nextInt(1, 1_000_000); // short: easy to retype into --seed
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("--seed must be an integer, got '" + value + "'");
        }
    }
}

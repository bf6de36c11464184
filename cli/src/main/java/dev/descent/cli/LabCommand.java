package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.lab.Claim;
import dev.descent.lab.Experiment;
import dev.descent.lab.ExperimentResult;
import dev.descent.lab.Lab;
import dev.descent.lab.LabReport;
import dev.descent.lab.LabRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code descent lab [EXPERIMENT…]}: runs the lab's experiments ({@link Lab}), writes their figures and
 * {@code report.md} into the output folder, and prints one line per claim with its verdict.
 */
final class LabCommand implements Command {

    /** The default output folder. */
    static final String DEFAULT_OUT = "lab-out";

    @Override
    public String name() {
        return "lab";
    }

    @Override
    public String synopsis() {
        return "lab [EXPERIMENT...] [--quick] [--out DIR] [--report FILE]";
    }

    @Override
    public String summary() {
        return "reproduce the course's claims about optimizers, with plots and a verdict per claim";
    }

    @Override
    public CommandModel model() {
        return CommandModel.of(this).description("""
                Runs the lab's experiments (all by default, in this order: %s), each writing its figures \
                (PNG and SVG) into DIR/NAME/, then writes DIR/report.md: each figure, each claim with its \
                source, what was measured and its verdict (Verdict: holds / Verdict: does not hold). Prints \
                one line per claim. Every experiment is seeded and deterministic on a given backend."""
                        .formatted(String.join(", ", Lab.names())))
                .operands("EXPERIMENT", Lab.names())
                .flag("quick", "small sizes: every experiment in seconds (what CI runs)")
                .value("out", "DIR", "the output folder (default " + DEFAULT_OUT + ")")
                .value("report", "FILE", "where the report goes (default DIR/report.md); its links to the figures"
                        + " are relative to it: --out docs/lab --report docs/lab.md")
                .choice("backend", "NAME", BackendChoice.knownNameList(),
                        "the backend the optimizers step on (default: the best available one)")
                .value("seed", "S", "the seed of every random choice (default 0)")
                .footer("""
                        Exit status 0 when every experiment ran (a claim that does not hold is a result, \
                        reported as such, not a failure), 2 for bad input.""");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        List<Experiment> experiments = experiments(args.operands());
        Path dir = path(args, "out", DEFAULT_OUT);
        Path report = args.has("report") ? path(args, "report", null) : dir.resolve(LabReport.FILE);
        long seed = args.has("seed") ? MinimizeCommand.seed(args) : 0;
        Backend backend = MinimizeCommand.backend(args.option("backend", null), "lab");
        LabRun run = new LabRun(backend, seed, args.flag("quick"), dir, line -> err.println("lab: " + line));
        List<ExperimentResult> results;
        try {
            results = Lab.run(experiments, run, report);
        } catch (IOException e) {
            throw new BadInputException("cannot write the lab's output (" + dir + ", " + report + "): " + e);
        }
        int holding = 0;
        int claims = 0;
        for (ExperimentResult r : results) {
            for (Claim c : r.claims()) {
                out.println(r.name() + ": " + (c.holds() ? "holds" : "does not hold") + ": " + c.statement());
                holding += c.holds() ? 1 : 0;
                claims++;
            }
        }
        out.println(holding + " of " + claims + " claims hold; report: " + report);
        return Main.OK;
    }

    private static Path path(Arguments args, String option, String otherwise) throws BadInputException {
        String v = args.option(option, otherwise);
        try {
            if (v.isBlank()) {
                throw new InvalidPathException(v, "empty");
            }
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new BadInputException("--" + option + ": not a path: '" + v + "'");
        }
    }

    /** The experiments the operands name, in the lab's order; all of them without operands. */
    private static List<Experiment> experiments(List<String> names) throws BadInputException {
        if (names.isEmpty()) {
            return Lab.experiments();
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : names) {
            try {
                wanted.add(Lab.find(n).name());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        List<Experiment> chosen = new ArrayList<>();
        for (Experiment e : Lab.experiments()) {
            if (wanted.contains(e.name())) {
                chosen.add(e);
            }
        }
        return chosen;
    }
}

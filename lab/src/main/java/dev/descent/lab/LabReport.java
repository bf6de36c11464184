package dev.descent.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The lab's {@code report.md}: per experiment its title, its figures, its table, and each claim with
 * its source, what was measured, the verdict ({@code Verdict: holds} / {@code Verdict: does not hold})
 * and the figure that decides it. A summary table at the top lists every verdict.
 */
public final class LabReport {

    /** The report's file name in the output folder. */
    public static final String FILE = "report.md";

    private LabReport() {
    }

    /** Writes the report of {@code results} to {@code run.out()/report.md}. */
    public static Path write(List<ExperimentResult> results, LabRun run) throws IOException {
        Files.createDirectories(run.out());
        Path file = run.out().resolve(FILE);
        Files.writeString(file, markdown(results, run));
        return file;
    }

    /** The report's text. */
    public static String markdown(List<ExperimentResult> results, LabRun run) {
        StringBuilder s = new StringBuilder();
        s.append("# The lab: the course's claims, reproduced\n\n");
        s.append("Produced by `./descent lab").append(run.quick() ? " --quick" : "").append(" --seed ").append(run.seed())
                .append(" --backend ").append(run.backend().name()).append("`")
                .append(run.quick() ? " (quick: small sizes, for CI; the full run is larger)" : "").append(".\n\n");
        MarkdownTable summary = new MarkdownTable("experiment", "claim", "verdict");
        for (ExperimentResult r : results) {
            for (Claim c : r.claims()) {
                summary.row(r.name(), c.statement(), c.holds() ? "holds" : "**does not hold**");
            }
        }
        s.append(summary.text()).append('\n');
        for (ExperimentResult r : results) {
            s.append("## ").append(r.title()).append(" (`").append(r.name()).append("`)\n\n");
            for (String f : r.figures()) {
                s.append("![").append(f).append("](").append(f).append(")\n\n");
            }
            s.append(r.table()).append('\n');
            for (Claim c : r.claims()) {
                s.append("**Claim:** ").append(c.statement()).append(" — ").append(c.source()).append("\n\n");
                s.append("Measured: ").append(c.measured()).append("\n\n");
                s.append(c.verdict()).append(" (figure: [").append(c.figure()).append("](").append(c.figure())
                        .append("))\n\n");
            }
        }
        return s.toString();
    }
}

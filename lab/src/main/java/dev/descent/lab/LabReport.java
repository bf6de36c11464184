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
        return write(results, run, run.out().resolve(FILE));
    }

    /**
     * Writes the report of {@code results} to {@code file}, anywhere ({@code docs/lab.md} beside the
     * figures in {@code docs/lab/}): its links to the figures are relative to the file's folder.
     */
    public static Path write(List<ExperimentResult> results, LabRun run, Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Files.writeString(file, markdown(results, run, folder));
        return file;
    }

    /** The report's text, its links relative to the output folder (the report in {@code run.out()}). */
    public static String markdown(List<ExperimentResult> results, LabRun run) {
        return markdown(results, run, run.out().toAbsolutePath());
    }

    /** The report's text, its links to the figures relative to {@code folder}, where the report lies. */
    public static String markdown(List<ExperimentResult> results, LabRun run, Path folder) {
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
                s.append("![").append(f).append("](").append(link(run, folder, f)).append(")\n\n");
            }
            s.append(r.table()).append('\n');
            for (Claim c : r.claims()) {
                s.append("**Claim:** ").append(c.statement()).append(" — ").append(c.source()).append("\n\n");
                s.append("Measured: ").append(c.measured()).append("\n\n");
                s.append(c.verdict()).append(" (figure: [").append(c.figure()).append("](")
                        .append(link(run, folder, c.figure())).append("))\n\n");
            }
        }
        return s.toString();
    }

    /** The path of {@code figure} (relative to the output folder) from {@code folder}, with forward slashes. */
    private static String link(LabRun run, Path folder, String figure) {
        Path target = run.out().toAbsolutePath().normalize().resolve(figure);
        return folder.normalize().relativize(target).toString().replace('\\', '/');
    }
}

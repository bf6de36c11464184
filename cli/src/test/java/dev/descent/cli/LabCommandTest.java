package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.lab.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent lab}: the quick lab (what CI runs) evaluates every claim of every experiment and
 * writes every figure it names; bad arguments are one line and exit status 2.
 */
class LabCommandTest {

    @TempDir
    Path dir;

    @Test
    void quickLabGivesEveryClaimAVerdictWithItsFigure() throws IOException {
        CliRun run = CliRun.of("lab", "--quick", "--out", dir.toString(), "--backend", "reference");
        assertEquals(Main.OK, run.status(), run.err());
        String report = Files.readString(dir.resolve("report.md"));
        List<String> claims = report.lines().filter(l -> l.startsWith("**Claim:**")).toList();
        List<String> verdicts = report.lines()
                .filter(l -> l.startsWith("Verdict: holds (") || l.startsWith("Verdict: does not hold (")).toList();
        assertTrue(claims.size() >= Lab.experiments().size(), report);
        assertEquals(claims.size(), verdicts.size(), report);
        for (String v : verdicts) {
            String figure = v.substring(v.indexOf("](") + 2, v.lastIndexOf(')') - 1);
            assertTrue(Files.size(dir.resolve(figure)) > 0, "the figure of '" + v + "'");
            String svg = figure.replaceAll("\\.png$", ".svg");
            assertTrue(Files.exists(dir.resolve(svg)), "the SVG beside " + figure);
        }
        for (String name : Lab.names()) {
            assertTrue(report.contains("(`" + name + "`)"), "experiment " + name + " in the report");
        }
        // One line per claim on stdout, then the count.
        assertEquals(claims.size() + 1, run.out().lines().count(), run.out());
    }

    @Test
    void unknownExperimentListsTheKnownOnes() {
        CliRun run = CliRun.of("lab", "no-such", "--out", dir.toString());
        assertEquals(Main.BAD_INPUT, run.status());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("unknown experiment 'no-such'") && run.err().contains(Lab.names().getFirst()),
                run.err());
    }

    @Test
    void badSeedIsOneLine() {
        CliRun run = CliRun.of("lab", "--seed", "x", "--out", dir.toString());
        assertEquals(Main.BAD_INPUT, run.status());
        assertEquals(List.of("descent: --seed must be an integer, got 'x'"), run.errLines());
    }

    @Test
    void oneExperimentByName() throws IOException {
        String name = Lab.names().getFirst();
        CliRun run = CliRun.of("lab", name, "--quick", "--out", dir.toString(), "--backend", "reference");
        assertEquals(Main.OK, run.status(), run.err());
        assertTrue(Files.isDirectory(dir.resolve(name)));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "report.md and " + name + "/ only");
        }
    }

    @Test
    void reportElsewhereLinksTheFiguresRelativeToItself() throws IOException {
        String name = Lab.names().getFirst();
        Path report = dir.resolve("docs").resolve("lab.md");
        CliRun run = CliRun.of("lab", name, "--quick", "--out", dir.resolve("docs/lab").toString(), "--report",
                report.toString(), "--backend", "reference");
        assertEquals(Main.OK, run.status(), run.err());
        assertTrue(run.out().contains("report: " + report), run.out());
        List<String> links = report.toFile().exists() ? Files.readString(report).lines()
                .filter(l -> l.startsWith("![")).map(l -> l.substring(l.indexOf("](") + 2, l.length() - 1)).toList()
                : List.of();
        assertTrue(!links.isEmpty(), "figures in the report");
        for (String link : links) {
            assertTrue(link.startsWith("lab/" + name + "/"), link);
            assertTrue(Files.isRegularFile(report.getParent().resolve(link)), link);
        }
        assertTrue(!Files.exists(dir.resolve("docs/lab/report.md")), "the report only where asked");
    }

    @Test
    void anOutputFolderThatIsAFileIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        CliRun run = CliRun.of("lab", Lab.names().getFirst(), "--quick", "--out", file.toString(), "--backend",
                "reference");
        assertEquals(Main.BAD_INPUT, run.status());
        assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("descent: ")).count(), run.err());
        assertTrue(run.err().contains("cannot write the lab's output"), run.err());
    }
}

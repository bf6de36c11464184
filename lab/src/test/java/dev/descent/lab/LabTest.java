package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.reference.ReferenceBackend;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's registry, its records' checks and the report's text. */
class LabTest {

    @Test
    void experimentsHaveDistinctNamesFoundByName() {
        List<String> names = Lab.names();
        assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
        for (String n : names) {
            assertEquals(n, Lab.find(n).name());
            assertTrue(n.matches("[a-z0-9-]+"), "a folder name and a command-line word: " + n);
        }
        assertEquals("gd-convergence", names.getFirst(), "experiment 1 comes first");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lab.find("nope"));
        assertEquals("unknown experiment 'nope' (known: " + String.join(", ", Lab.names()) + ")", e.getMessage());
    }

    @Test
    void aResultNeedsAClaimAndAClaimOneLineOfMeasurement() {
        assertThrows(IllegalArgumentException.class, () -> new ExperimentResult("x", "X", "", List.of(), List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Claim("s", "src", "a\nb", true, "x/f.png"));
        assertTrue(e.getMessage().contains("one line"), e.getMessage());
    }

    @Test
    void reportShowsEachClaimWithSourceMeasurementVerdictAndFigure() {
        Claim holds = new Claim("It converges", "Someone 1998, §5", "ratio 1e-7", true, "x/paths.png");
        Claim fails = new Claim("It flies", "Someone else 2001", "height 0", false, "x/loss.png");
        ExperimentResult r = new ExperimentResult("x", "Experiment X", new MarkdownTable("a").row(1).text(),
                List.of("x/paths.png", "x/loss.png"), List.of(holds, fails));
        LabRun run = new LabRun(new ReferenceBackend(), 3, true, Path.of("out"), line -> { });
        String md = LabReport.markdown(List.of(r), run);
        assertTrue(md.contains("`./descent lab --quick --seed 3 --backend reference`"), md);
        assertTrue(md.contains("## Experiment X (`x`)"), md);
        assertTrue(md.contains("![x/paths.png](x/paths.png)"), md);
        assertTrue(md.contains("**Claim:** It converges — Someone 1998, §5\n\nMeasured: ratio 1e-7\n\n"
                + "Verdict: holds (figure: [x/paths.png](x/paths.png))"), md);
        assertTrue(md.contains("Verdict: does not hold (figure: [x/loss.png](x/loss.png))"), md);
        assertTrue(md.contains("| x | It flies | **does not hold** |"), md);
        // A report written elsewhere links the figures relative to its own folder.
        String elsewhere = LabReport.markdown(List.of(r), run, Path.of("docs").toAbsolutePath());
        assertTrue(elsewhere.contains("![x/paths.png](../out/x/paths.png)"), elsewhere);
        assertTrue(elsewhere.contains("Verdict: holds (figure: [x/paths.png](../out/x/paths.png))"), elsewhere);
    }

    @Test
    void tableEscapesBarsAndChecksRowWidth() {
        MarkdownTable t = new MarkdownTable("a", "b").row("x|y", 2);
        assertEquals("| a | b |\n| --- | --- |\n| x\\|y | 2 |\n", t.text());
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    }
}

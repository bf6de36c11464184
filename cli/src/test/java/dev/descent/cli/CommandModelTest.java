package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's picocli model: what its help shows and what the parser accepts are the same options. */
class CommandModelTest {

    @Test
    void everyOptionIsExplainedInItsCommandsHelp() {
        for (Command c : List.of(new BackendsCommand(), new VerifyCommand(), new VerifyTraceCommand(),
                new MinimizeCommand(), new BenchCommand())) {
            String help = CliRun.of("help", c.name()).out();
            assertTrue(help.startsWith("usage: descent " + c.synopsis() + "\n\n"), help);
            for (OptionSpec o : c.model().spec().options()) {
                if (!o.usageHelp()) {
                    String term = o.longestName() + (o.arity().max() == 0 ? "" : " " + o.paramLabel());
                    assertTrue(help.lines().anyMatch(l -> l.startsWith(term + "  ")), term + " in:\n" + help);
                    assertTrue(!String.join("", o.description()).isBlank(), c.name() + " " + term);
                }
            }
            assertTrue(help.lines().allMatch(l -> l.length() <= CommandModel.WIDTH), "wrapped:\n" + help);
        }
    }

    @Test
    void theHelpKeepsItsSectionsAndWrapsUnderTheDescription() {
        String help = CliRun.of("help", "minimize").out();
        List<String> lines = help.lines().toList();
        int problemOptions = lines.indexOf("problem options:");
        int methodOptions = lines.indexOf("method options:");
        assertTrue(problemOptions > 0 && methodOptions > problemOptions, help);
        assertTrue(lines.get(problemOptions + 1).startsWith("--cond K "), help);
        assertTrue(lines.get(methodOptions + 1).startsWith("--m M "), help);
        assertTrue(lines.getLast().endsWith("2 for bad input."), "the footer comes last:\n" + help);
        int json = lines.indexOf(lines.stream().filter(l -> l.startsWith("--json ")).findFirst().orElseThrow());
        int column = lines.get(json).indexOf("print one JSON line");
        assertTrue(lines.get(json + 1).startsWith(" ".repeat(column)) && !lines.get(json + 1).isBlank(),
                "a long description continues under itself:\n" + help);
    }

    @Test
    void operandsMayLookLikeFilesOrOptionsAfterADoubleDashAndAtIsNotExpanded() throws BadInputException {
        Arguments a = Arguments.parse(new VerifyTraceCommand().model().spec(),
                List.of("@list.txt", "-", "--backend", "reference", "--", "-h", "--x"));
        assertEquals(List.of("@list.txt", "-", "-h", "--x"), a.operands());
        assertEquals("reference", a.option("backend", null));
        assertEquals(false, a.help());
    }

    @Test
    void helpCollectsEveryOperandToReportThem() {
        CliRun r = CliRun.of("help", "verify", "bench", "-");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(List.of("descent: help takes at most one command, got 3"), r.errLines());
        assertTrue(CliRun.of("help", "--", "verify").out().startsWith("usage: descent verify "));
    }

    @Test
    void theOverviewListsEveryCommandWithItsSummary() {
        String overview = CliRun.of("help").out();
        for (String command : Main.tree().names()) {
            assertTrue(overview.lines().anyMatch(l -> l.startsWith("  " + command)), command + " in:\n" + overview);
        }
        assertTrue(overview.contains("completion") && overview.contains("Exit status: 0 passed"), overview);
    }
}

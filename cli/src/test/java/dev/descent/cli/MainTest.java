package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsEveryCommand() {
        for (String help : new String[] {"help", "--help", "-h"}) {
            CliRun r = CliRun.of(help);
            assertEquals(Main.OK, r.status(), help);
            for (String command : new String[] {"backends", "verify ", "verify-trace", "minimize", "help"}) {
                assertTrue(r.out().contains(command), help + " should list " + command + ":\n" + r.out());
            }
        }
    }

    @Test
    void helpExplainsOneCommand() {
        CliRun viaHelp = CliRun.of("help", "verify-trace");
        CliRun viaOption = CliRun.of("verify-trace", "--help");
        assertEquals(Main.OK, viaHelp.status());
        assertTrue(viaHelp.out().startsWith("usage: descent verify-trace [--backend NAME|all] FILE..."), viaHelp.out());
        assertEquals(viaHelp.out(), viaOption.out());
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        CliRun r = CliRun.of();
        assertEquals(Main.BAD_INPUT, r.status());
        assertTrue(r.err().startsWith("usage: descent"), r.err());
    }

    @Test
    void unknownCommandIsOneLineNamingTheCommands() {
        CliRun r = CliRun.of("frobnicate");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("unknown command 'frobnicate'") && r.err().contains("verify-trace"), r.err());
    }

    @Test
    void unknownOptionIsOneLine() {
        CliRun r = CliRun.of("verify", "--colour", "red");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(List.of("descent: unknown option '--colour' for 'verify' (options: --backend, --seed)"), r.errLines());
    }

    @Test
    void backendsShowsTheReferenceAsAvailable() {
        CliRun r = CliRun.of("backends");
        assertEquals(Main.OK, r.status(), r.err());
        assertAll(
                () -> assertTrue(r.out().startsWith("BACKEND"), r.out()),
                () -> assertTrue(r.out().lines().anyMatch(l -> l.matches("reference\\s+yes")), r.out()),
                () -> assertTrue(r.out().contains("default: "), r.out()));
    }

    @Test
    void backendsSaysWhyABackendCannotRun() {
        CliRun r = CliRun.of("backends");
        assertTrue(r.out().lines().anyMatch(l -> l.matches("unplugged\\s+no\\s+" + Pattern.quote(UnpluggedBackendProvider.REASON))),
                r.out());
    }

    @Test
    void choosingAnUnavailableBackendIsOneLineWithTheReason() {
        CliRun r = CliRun.of("verify", "--backend", "unplugged");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(List.of("descent: backend 'unplugged' is unavailable: " + UnpluggedBackendProvider.REASON), r.errLines());
    }

    @Test
    void verifyWithOnlyTheReferenceHasNothingToCompare() {
        CliRun r = CliRun.of("verify", "--backend", "reference", "--seed", "3");
        assertEquals(Main.OK, r.status(), r.err());
        assertTrue(r.out().contains("nothing to compare"), r.out());
    }

    @Test
    void verifyRejectsASeedThatIsNotANumber() {
        CliRun r = CliRun.of("verify", "--seed", "abc");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(List.of("descent: --seed must be an integer, got 'abc'"), r.errLines());
    }
}

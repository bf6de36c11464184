package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static Arguments parse(String... args) throws BadInputException {
        return Arguments.parse("verify-trace", List.of(args), Set.of("backend"));
    }

    @Test
    void optionValueMayFollowOrBeAttached() throws BadInputException {
        assertEquals("simd", parse("--backend", "simd", "a.json").option("backend", "all"));
        assertEquals("simd", parse("--backend=simd", "a.json").option("backend", "all"));
        assertEquals("all", parse("a.json").option("backend", "all"));
    }

    @Test
    void operandsKeepTheirOrderAroundOptions() throws BadInputException {
        assertEquals(List.of("a.json", "b.json"), parse("a.json", "--backend", "simd", "b.json").operands());
    }

    @Test
    void doubleDashEndsTheOptions() throws BadInputException {
        Arguments a = parse("--", "--backend", "-h");
        assertEquals(List.of("--backend", "-h"), a.operands());
        assertEquals(false, a.help());
    }

    @Test
    void helpIsRecognisedAnywhere() throws BadInputException {
        assertTrue(parse("a.json", "--help").help());
        assertTrue(parse("-h").help());
    }

    @Test
    void aMissingValueIsReported() {
        BadInputException e = assertThrows(BadInputException.class, () -> parse("a.json", "--backend"));
        assertEquals("option --backend needs a value", e.getMessage());
    }

    @Test
    void unknownOptionsAreReportedWithTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> parse("-x", "a.json"));
        assertEquals("unknown option '-x' for 'verify-trace' (options: --backend)", e.getMessage());
    }
}

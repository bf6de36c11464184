package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void flagsTakeNoValueAndRepeatedOptionsKeepEveryValue() throws BadInputException {
        Arguments a = Arguments.parse("minimize", List.of("--hyper", "a=1", "--json", "--hyper=b=2", "--backend", "x",
                "--backend", "y"), Set.of("hyper", "backend"), Set.of("json", "trajectory"));
        assertTrue(a.flag("json"));
        assertFalse(a.flag("trajectory"));
        assertEquals(List.of("a=1", "b=2"), a.all("hyper"), "in the order given, '=' kept after the first");
        assertEquals("y", a.option("backend", null), "the last value");
        assertTrue(a.has("json") && a.has("hyper") && !a.has("trajectory"));
        assertEquals(List.of(), a.all("seed"));
    }

    @Test
    void aFlagWithAValueIsReportedAndFlagsAreListedAsOptions() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Arguments.parse("minimize", List.of("--json=true"), Set.of(), Set.of("json")));
        assertEquals("option --json takes no value, got '--json=true'", e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> Arguments.parse("minimize", List.of("--x"), Set.of("method"), Set.of("json")));
        assertEquals("unknown option '--x' for 'minimize' (options: --json, --method)", e.getMessage());
    }
}

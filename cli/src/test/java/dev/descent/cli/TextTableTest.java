package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsArePaddedToTheWidestCellAndNumbersAlignRight() {
        TextTable t = new TextTable("NAME", "ERROR", "RESULT").alignRight(1);
        t.add("reference", "0", "PASS");
        t.add("simd", "0.0123", "FAIL");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("""
                NAME        ERROR  RESULT
                reference       0  PASS
                simd       0.0123  FAIL
                """, bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aRowMustFillEveryColumn() {
        TextTable t = new TextTable("A", "B");
        assertThrows(IllegalArgumentException.class, () -> t.add("only one"));
    }

    @Test
    void errorsShowThreeSignificantDigits() {
        assertEquals("0", Formats.error(0));
        assertEquals("0.0123", Formats.error(0.012345));
        assertEquals("1.23e-05", Formats.error(1.2345e-5));
        assertEquals("5.95e+03", Formats.error(5952.4));
    }
}

package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CsvFiles}: features then a label per line, a header skipped, and file:line:column for each bad cell. */
class CsvFilesTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), text);
    }

    @Test
    void readsFeaturesAndLabelsSkippingAHeaderAndBlankLines() throws IOException {
        Path f = csv("a,b,label\n0.5, -1,2\n\n3e-1,4,0.0\n7,8,1\n");
        ClassificationData d = CsvFiles.read(f, 3);
        assertEquals(3, d.rows());
        assertEquals(2, d.cols());
        assertEquals(3, d.classes());
        assertArrayEquals(new float[] {0.5f, -1f, 0.3f, 4f, 7f, 8f}, d.features());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
    }

    @Test
    void readsAFileWithoutHeaderOrFinalNewline() throws IOException {
        ClassificationData d = CsvFiles.read(csv("1,2,3,1\n4,5,6,0"), 2);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.features());
        assertArrayEquals(new int[] {1, 0}, d.labels());
    }

    private void rejected(String text, int classes, String expected) throws IOException {
        Path f = csv(text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvFiles.read(f, classes));
        assertEquals(f + expected, e.getMessage());
    }

    @Test
    void eachBadCellIsNamedByLineAndColumn() throws IOException {
        rejected("x,y,label\n1,2,0\n1,oops,1\n", 2, ":3:2: feature 'oops' is not a number");
        rejected("1,2,0\n1,2,5\n", 3, ":2:3: label '5' is not a class 0 … 2");
        rejected("1,2,0\n1,2,-1\n", 3, ":2:3: label '-1' is not a class 0 … 2");
        rejected("1,2,0\n1,2,1.5\n", 3, ":2:3: label '1.5' is not a class 0 … 2");
        rejected("1,2,0\n1,2,cat\n", 3, ":2:3: label 'cat' is not a number");
        rejected("1,NaN,0\n", 3, ":1:2: feature 'NaN' is not a finite float");
        rejected("1,1e39,0\n", 3, ":1:2: feature '1e39' is not a finite float");
        rejected("1,2,0\n1,0\n", 3, ":2:3: expected 3 cells (2 features and a label), found 2");
        rejected("1,2,0\n1,2,0,4\n", 3, ":2:4: expected 3 cells (2 features and a label), found 4");
        rejected("1,2,0\n1,,0\n", 3, ":2:2: feature '' is not a number");
        rejected("7\n", 3, ":1:1: a line needs at least one feature and a label, found 1 cell");
    }

    @Test
    void anEmptyFileOrOnlyAHeaderHasNoExamples() throws IOException {
        rejected("", 2, ": no examples (an empty file, or only a header)");
        rejected("a,b,label\n\n", 2, ": no examples (an empty file, or only a header)");
    }

    @Test
    void binaryOrMissingFiles() throws IOException {
        Path bin = Files.write(dir.resolve("bin.csv"), new byte[] {(byte) 0xC3, 0x28, ',', '1'});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvFiles.read(bin, 2));
        assertEquals(bin + ": not a text file (not UTF-8)", e.getMessage());
        assertThrows(UncheckedIOException.class, () -> CsvFiles.read(dir.resolve("missing.csv"), 2));
        assertThrows(IllegalArgumentException.class, () -> CsvFiles.read(bin, 1));
    }
}

package dev.descent.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fuzz targets' file and the check of a rejection: the readers take paths, so each input is
 * written to one file (overwritten by the next input) in a directory made once per JVM.
 */
final class FuzzFiles {
    private static final Path DIR = directory();

    private FuzzFiles() {
    }

    /** {@code data} written to {@code name} in the fuzz directory (replacing the previous input). */
    static Path write(String name, byte[] data) {
        Path file = DIR.resolve(name);
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file.toFile().deleteOnExit();
        return file;
    }

    /**
     * Asserts that a rejection's message names {@code file} and is one line, as every reader documents
     * (the message must say which file is bad and, after it, what is wrong).
     */
    static void assertNames(Path file, Exception rejection) {
        String m = String.valueOf(rejection.getMessage());
        assertTrue(m.contains(file.toString()), "the message does not name " + file + ": " + m);
        assertTrue(m.length() > file.toString().length() + 2, "the message names no problem: " + m);
        assertFalse(m.contains("\n") || m.contains("\r"), "the message is not one line: " + m);
    }

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("descent-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

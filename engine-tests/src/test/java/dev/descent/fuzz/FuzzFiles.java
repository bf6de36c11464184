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

    /** A reader of a file, as a fuzz target calls it. */
    @FunctionalInterface
    interface Reader {
        void read(Path file) throws Exception;
    }

    /**
     * Writes {@code data} to {@code name} and reads it: the read succeeds, or throws {@code documented}
     * naming the file ({@link #assertNames}); any other exception propagates, a finding.
     */
    static void readOrReject(String name, byte[] data, Class<? extends Exception> documented, Reader reader)
            throws Exception {
        Path file = write(name, data);
        try {
            reader.read(file);
        } catch (Exception e) {
            if (!documented.isInstance(e)) {
                throw e;
            }
            assertNames(file, e);
        }
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

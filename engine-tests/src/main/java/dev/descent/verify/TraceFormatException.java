package dev.descent.verify;

import java.nio.file.Path;

/** A trace file that cannot be replayed; the message names the file and the problem in one line. */
public final class TraceFormatException extends Exception {
    public TraceFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public TraceFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}

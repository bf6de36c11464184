package dev.descent.cli;

import dev.descent.bench.harness.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of a long command on standard error: on a terminal one line rewritten in place, else
 * (a log file, a test) one line per step, so that a log shows how far a run got.
 */
final class ProgressLine implements ProgressListener {

    private final PrintStream err;
    private final boolean inPlace;
    private final long start = System.nanoTime();
    private int width;

    /** Progress on {@code err}, rewritten in place if {@code inPlace}. */
    ProgressLine(PrintStream err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
    }

    /** Whether {@code err} is this process's standard error on a terminal, where a line can be rewritten. */
    static boolean isTerminal(PrintStream err) {
        return err == System.err && System.console() != null && System.console().isTerminal();
    }

    @Override
    public void starting(int done, int total, String next) {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String digits = String.valueOf(total);
        show(String.format(Locale.ROOT, "[%" + digits.length() + "d/%s] %3d s  %s", done, digits, seconds,
                done == total ? "done" : next), done == total);
    }

    /**
     * Shows {@code line}: in place over the previous one, ended by a newline if {@code keep} (it stays
     * above the next); elsewhere one line each time.
     */
    void show(String line, boolean keep) {
        if (inPlace) {
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())) + (keep ? "\n" : ""));
            width = keep ? 0 : line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }
}

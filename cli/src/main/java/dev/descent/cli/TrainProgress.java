package dev.descent.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress bar of {@code descent train} on standard error: on a terminal the current epoch's bar
 * (its share of the examples, examples per second, running loss) rewritten in place a few times a
 * second, and one line kept per finished epoch; elsewhere (a log, a test) only the line per epoch.
 */
final class TrainProgress {
    /** The bar's width in characters. */
    private static final int BAR = 24;
    /** Redraw at most this often, in nanoseconds. */
    private static final long REDRAW_NANOS = 200_000_000L;

    private final ProgressLine line;
    private final boolean inPlace;
    private final int examplesPerEpoch;
    private String unit = "epoch";
    private long lastDraw;

    /** Progress on {@code err}, a bar in place if {@code inPlace}, for epochs of {@code examplesPerEpoch}. */
    TrainProgress(PrintStream err, boolean inPlace, int examplesPerEpoch) {
        this.line = new ProgressLine(err, inPlace);
        this.inPlace = inPlace;
        this.examplesPerEpoch = examplesPerEpoch;
    }

    /** Progress whose finished units are iterations of a full-batch minimizer, not epochs. */
    TrainProgress iterations() {
        unit = "iteration";
        return this;
    }

    /** After a step of epoch {@code epoch}: {@code done} examples in {@code nanos}, the running loss. */
    void batch(int epoch, int epochs, long done, double loss, long nanos) {
        long now = System.nanoTime();
        if (!inPlace || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) Math.min(BAR, BAR * done / Math.max(1, examplesPerEpoch));
        line.show(String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3d%%  %,.0f examples/s  loss %.4f", epoch, epochs,
                "#".repeat(filled), "-".repeat(BAR - filled), 100 * done / Math.max(1, examplesPerEpoch),
                done / (nanos / 1e9), loss), false);
    }

    /** Epoch (or iteration) {@code epoch} of {@code epochs} finished: its speed and mean loss, kept. */
    void epochDone(int epoch, int epochs, double examplesPerSecond, double loss) {
        line.show(String.format(Locale.ROOT, "%s %d/%d  %,.0f examples/s  loss %.4f", unit, epoch, epochs,
                examplesPerSecond, loss), true);
    }
}

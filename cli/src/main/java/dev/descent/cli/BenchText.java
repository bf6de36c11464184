package dev.descent.cli;

import dev.descent.bench.BytesPerElement;
import dev.descent.bench.harness.Bandwidth;
import dev.descent.bench.harness.BenchPlan;
import dev.descent.bench.harness.BenchResults;
import dev.descent.bench.harness.BenchRow;
import dev.descent.bench.harness.BenchSuite;
import dev.descent.bench.harness.Sizes;
import dev.descent.bench.harness.StepMode;
import dev.descent.bench.harness.TimingPlan;
import java.io.PrintStream;
import java.util.Locale;

/** How {@code descent bench} prints its results for people: the rules, the bandwidth, then one row per case. */
final class BenchText {

    private BenchText() {
    }

    /** The machine and the measurement rules, printed before the run starts. */
    static void printHeader(String machine, BenchPlan plan, PrintStream out) {
        out.println("machine: " + machine);
        out.println("timed: " + timed(plan.mode()) + "; " + rules(plan.timing()));
    }

    /** What one timed step is. */
    static String timed(StepMode mode) {
        return switch (mode) {
            case STEP -> "Optimizer.step() (its checks and the scan of the gradient for NaN/Inf included)";
            case CLIPPED -> "Optimizer.step() clipping the gradients' total 2-norm to " + StepMode.CLIP_NORM
                    + " (the norm pass is the NaN/Inf check)";
            case KERNEL -> "the optimizer's kernel alone (no checks, no scan of the gradient)";
        };
    }

    /** The measurement rules in one line. */
    static String rules(TimingPlan t) {
        return String.format(Locale.ROOT, "each kernel compiled by a %d ms JIT warm-up; per case a warm-up of ≥ %d ms"
                + " until steady, then %d runs of ≥ %d ms; the median time per step, with the range over the runs",
                BenchSuite.JIT_WARMUP_FACTOR * t.warmupNanos() / 1_000_000, t.warmupNanos() / 1_000_000, t.runs(),
                t.runNanos() / 1_000_000);
    }

    /** The bandwidth table and the rows. */
    static void printResults(BenchResults results, PrintStream out) {
        out.println();
        out.println("memory bandwidth, measured in this run (copy b = a: " + BytesPerElement.of("copy")
                + " B/element; triad in place y = y + s·x: " + BytesPerElement.of("triad") + " B/element):");
        TextTable bw = new TextTable("MEMORY", "THREADS", "SIZE", "COPY GB/S", "TRIAD GB/S").alignRight(1, 2, 3, 4);
        for (Bandwidth b : results.bandwidths()) {
            bw.add(b.memory(), String.valueOf(b.threads()), Sizes.compact(b.n()), gbs(b.copyGbs()), gbs(b.triadGbs()));
        }
        bw.print(out);
        out.println();
        TextTable rows = new TextTable("OPTIMIZER", "BACKEND", "THREADS", "CASE", "G ELEM/S", "RANGE", "B/ELEM",
                "GB/S", "% BW", "× REF").alignRight(2, 4, 5, 6, 7, 8, 9);
        String previous = null;
        for (BenchRow r : results.rows()) {
            if (previous != null && !previous.equals(r.optimizer())) {
                rows.add("", "", "", "", "", "", "", "", "", ""); // a blank line between optimizers
            }
            previous = r.optimizer();
            rows.add(r.optimizer(), r.backend(), String.valueOf(r.threads()), r.layout().label(),
                    rate(r.elementsPerSecond() / 1e9),
                    rate(r.slowestElementsPerSecond() / 1e9) + "–" + rate(r.fastestElementsPerSecond() / 1e9),
                    String.valueOf(r.bytesPerElement()), gbs(r.gbPerSecond()),
                    String.format(Locale.ROOT, "%.0f%%", 100 * r.rooflineFraction()), speedup(r.speedupOverReference()));
        }
        rows.print(out);
        out.println();
        out.println("G ELEM/S: 10⁹ elements per second at the median time per step; RANGE: the slowest run to the fastest");
        out.println("GB/S: G ELEM/S × B/ELEM, the bytes one step must read and write per element");
        out.println("% BW: GB/S over the higher of copy and triad above, at the same size and thread count");
        out.println("× REF: the speed-up over the reference backend on the same case");
        out.printf(Locale.ROOT, "%d cases in %.0f s%n", results.rows().size(), results.seconds());
    }

    /** 10⁹ elements per second, three significant digits. */
    static String rate(double g) {
        if (g >= 100) {
            return String.format(Locale.ROOT, "%.0f", g);
        }
        if (g >= 10) {
            return String.format(Locale.ROOT, "%.1f", g);
        }
        if (g >= 1) {
            return String.format(Locale.ROOT, "%.2f", g);
        }
        return String.format(Locale.ROOT, "%.3f", g);
    }

    private static String gbs(double gbs) {
        return String.format(Locale.ROOT, gbs >= 100 ? "%.0f" : "%.1f", gbs);
    }

    private static String speedup(double s) {
        if (Double.isNaN(s)) {
            return "-";
        }
        return String.format(Locale.ROOT, s >= 10 ? "%.0f" : "%.1f", s);
    }
}

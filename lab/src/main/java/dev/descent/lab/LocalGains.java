package dev.descent.lab;

import dev.descent.backend.Backend;
import dev.descent.optim.Gains;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Experiment 4, adaptive local gains: many weights stepped by the {@link Gains} optimizer (gains
 * start at 1, +δ while the gradient keeps its sign, ×(1−δ) when it flips, clamped to [0.1, 10]).
 * Under gradients of random sign the gains stay around 1; under gradients of consistent sign they
 * grow to the cap. The gradients do not depend on the weights, so the rate does not matter.
 */
public final class LocalGains implements Experiment {

    /** The source of the rule and the claim. */
    static final String HINTON = "Hinton, Neural Networks for Machine Learning (Coursera, 2012), lecture 6d";

    /** The percentiles drawn per step. */
    static final double[] PERCENTILES = {5, 50, 95};

    /** The histogram's bins, equal on a log scale over the clamp range [0.1, 10]. */
    static final int BINS = 40;

    /**
     * One run.
     *
     * @param consistent whether each weight's gradient kept one sign
     * @param gains the gains after the last step
     * @param percentiles {@code percentiles[k][j]}: the {@link #PERCENTILES}[j] percentile after step {@code k + 1}
     */
    record Run(boolean consistent, double[] gains, double[][] percentiles) {

        double median() {
            return percentile(gains.clone(), 50);
        }

        /** The fraction of gains in [lo, hi]. */
        double fractionWithin(double lo, double hi) {
            return Arrays.stream(gains).filter(g -> g >= lo && g <= hi).count() / (double) gains.length;
        }
    }

    @Override
    public String name() {
        return "local-gains";
    }

    @Override
    public String title() {
        return "Adaptive local gains under random and consistent gradients";
    }

    /**
     * {@code steps} steps of the default {@link Gains} on {@code weights} weights whose gradients are
     * ±1: a fresh random sign per weight and step, or ({@code consistent}) one random sign per weight
     * for the whole run.
     */
    static Run measure(Backend backend, int weights, int steps, boolean consistent, long seed) {
        Gains spec = Gains.defaults();
        SplittableRandom random = new SplittableRandom(seed);
        float[] grad = new float[weights];
        float[] fixed = new float[weights];
        for (int i = 0; i < weights; i++) {
            fixed[i] = random.nextBoolean() ? 1f : -1f;
        }
        double[][] percentiles = new double[steps][];
        try (Tensor w = backend.allocate("w", DType.FLOAT32, weights);
                Tensor g = backend.allocate("g", DType.FLOAT32, weights);
                Optimizer opt = Optimizer.of(backend, spec, new Parameter(w, g))) {
            Tensor gainState = opt.state(w).get("gain");
            for (int k = 0; k < steps; k++) {
                for (int i = 0; i < weights; i++) {
                    grad[i] = consistent ? fixed[i] : random.nextBoolean() ? 1f : -1f;
                }
                g.copyFrom(grad);
                opt.step();
                double[] gains = gainState.toDoubleArray();
                Arrays.sort(gains);
                percentiles[k] = new double[PERCENTILES.length];
                for (int j = 0; j < PERCENTILES.length; j++) {
                    percentiles[k][j] = sortedPercentile(gains, PERCENTILES[j]);
                }
            }
            return new Run(consistent, gainState.toDoubleArray(), percentiles);
        }
    }

    /** The {@code p}-th percentile of {@code values} (sorted in place), the nearest rank. */
    static double percentile(double[] values, double p) {
        Arrays.sort(values);
        return sortedPercentile(values, p);
    }

    private static double sortedPercentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    @Override
    public ExperimentResult run(LabRun lab) throws IOException {
        int weights = lab.size(2000, 10000);
        int steps = lab.size(300, 2000);
        Run random = measure(lab.backend(), weights, steps, false, lab.seed());
        Run consistent = measure(lab.backend(), weights, steps, true, lab.seed());
        Gains spec = Gains.defaults();

        Path dir = lab.directory(name());
        String figure = lab.relative(Plots.writePngAndSvg(
                List.of(histogram(List.of(random, consistent), steps), percentilePanel(List.of(random, consistent))), 2,
                dir, "gains"));
        MarkdownTable table = new MarkdownTable("gradients", "weights", "steps", "5%", "median", "95%", "in [0.5, 2]",
                "at the cap " + MarkdownTable.number(spec.maxGain()));
        for (Run r : List.of(random, consistent)) {
            double[] p = r.percentiles()[steps - 1];
            table.row(label(r), weights, steps, MarkdownTable.number(p[0]), MarkdownTable.number(p[1]),
                    MarkdownTable.number(p[2]), MarkdownTable.number(r.fractionWithin(0.5, 2)),
                    MarkdownTable.number(r.fractionWithin(spec.maxGain(), spec.maxGain())));
        }
        String setting = String.format(Locale.ROOT, "δ = %s, gains in [%s, %s], %d weights, %d steps: ",
                MarkdownTable.number(spec.delta()), MarkdownTable.number(spec.minGain()),
                MarkdownTable.number(spec.maxGain()), weights, steps);
        double median = random.median();
        double within = random.fractionWithin(0.5, 2);
        double atCap = consistent.fractionWithin(spec.maxGain(), spec.maxGain());
        List<Claim> claims = List.of(
                new Claim("Under gradients of random sign the gains stay around 1", HINTON,
                        setting + "median gain " + MarkdownTable.number(median) + ", fraction in [0.5, 2] "
                                + MarkdownTable.number(within),
                        median >= 0.8 && median <= 1.25 && within >= 0.95, figure),
                new Claim("Under gradients of consistent sign the gains grow to the cap", HINTON,
                        setting + "fraction at the cap " + MarkdownTable.number(atCap) + ", smallest gain "
                                + MarkdownTable.number(Arrays.stream(consistent.gains()).min().orElseThrow()),
                        atCap == 1, figure));
        return new ExperimentResult(name(), title(), table.text(), List.of(figure), claims);
    }

    private static String label(Run r) {
        return r.consistent() ? "consistent sign" : "random sign";
    }

    private static XYChart histogram(List<Run> runs, int steps) {
        XYChart c = Plots.chart("Gains after " + steps + " steps", "gain (log scale)", "fraction of weights");
        c.getStyler().setXAxisLogarithmic(true);
        double lo = Math.log10(Gains.defaults().minGain());
        double hi = Math.log10(Gains.defaults().maxGain());
        for (Run r : runs) {
            double[] x = new double[BINS];
            double[] y = new double[BINS];
            for (int b = 0; b < BINS; b++) {
                x[b] = Math.pow(10, lo + (b + 0.5) * (hi - lo) / BINS);
            }
            for (double g : r.gains()) {
                int b = (int) Math.floor((Math.log10(g) - lo) / (hi - lo) * BINS);
                y[Math.clamp(b, 0, BINS - 1)] += 1.0 / r.gains().length;
            }
            XYSeries s = Plots.line(c, label(r), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }

    private static XYChart percentilePanel(List<Run> runs) {
        XYChart c = Plots.chart("Gain percentiles (5%, median, 95%) per step", "step", "gain");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            double[] x = new double[r.percentiles().length];
            for (int k = 0; k < x.length; k++) {
                x[k] = k + 1;
            }
            for (int j = 0; j < PERCENTILES.length; j++) {
                double[] y = new double[x.length];
                for (int k = 0; k < y.length; k++) {
                    y[k] = r.percentiles()[k][j];
                }
                boolean median = PERCENTILES[j] == 50;
                XYSeries s = Plots.line(c, label(r) + (median ? ", median" : j == 0 ? ", 5% and 95%" : ", 95%"), x, y);
                s.setLineColor(Plots.color(i));
                if (!median) {
                    s.setLineStyle(Plots.dashed());
                    s.setShowInLegend(j == 0);
                }
            }
        }
        return c;
    }
}

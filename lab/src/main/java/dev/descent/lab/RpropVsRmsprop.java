package dev.descent.lab;

import dev.descent.backend.Backend;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.Parameter;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;

/**
 * Experiment 5, rprop against rmsprop on mini-batches: one weight whose mini-batch gradient is +0.1
 * on nine mini-batches in ten and −0.9 on the tenth (which of the ten is drawn from the seed), so
 * that the gradients average to zero and the weight should stay where it is. Rprop uses only the
 * sign: it steps nine times one way and (at most) once the other, and its step sizes grow while the
 * sign holds, so the weight drifts far. Rmsprop divides each gradient by a running root mean square,
 * which averages the gradients over mini-batches, so the weight stays close. Plain SGD, whose steps
 * sum to zero over each ten, is drawn for reference. All three at torch's default rate 0.01.
 * Rmsprop's first step is ten times its rate (torch starts the mean square at 0, so the first
 * divisor is √(1 − α)·|g| = |g|/10): the jump of about 0.1 at the start of its path; it then drifts
 * slowly (about 1e-4 per mini-batch), which the full run's longer path shows.
 */
public final class RpropVsRmsprop implements Experiment {

    /** The source of the example and the claim. */
    static final String HINTON = "Hinton, Neural Networks for Machine Learning (Coursera, 2012), lecture 6e";

    /** The gradient on nine mini-batches in ten, and on the tenth. */
    static final float SMALL = 0.1f;
    static final float LARGE = -0.9f;

    /** Mini-batches per cycle. */
    static final int CYCLE = 10;

    /** One optimizer's path: the weight after each mini-batch ({@code weight[0]} = 0, the start). */
    record Run(String label, double[] weight) {

        double last() {
            return weight[weight.length - 1];
        }

        double largest() {
            double m = 0;
            for (double w : weight) {
                m = Math.max(m, Math.abs(w));
            }
            return m;
        }

        /** The fraction of cycles after which the weight is further down than after the one before. */
        double steadyDrift() {
            int down = 0;
            int cycles = (weight.length - 1) / CYCLE;
            for (int c = 1; c <= cycles; c++) {
                down += weight[c * CYCLE] < weight[(c - 1) * CYCLE] ? 1 : 0;
            }
            return down / (double) cycles;
        }
    }

    @Override
    public String name() {
        return "rprop-rmsprop";
    }

    @Override
    public String title() {
        return "Rprop against rmsprop on mini-batches (+0.1 nine times, −0.9 once)";
    }

    /** The gradient of each of {@code cycles × 10} mini-batches: +0.1, except −0.9 at a seeded place in each ten. */
    static float[] gradients(int cycles, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] g = new float[cycles * CYCLE];
        for (int c = 0; c < cycles; c++) {
            int large = random.nextInt(CYCLE);
            for (int i = 0; i < CYCLE; i++) {
                g[c * CYCLE + i] = i == large ? LARGE : SMALL;
            }
        }
        return g;
    }

    /** The weight's path under {@code spec}, from 0, one step per gradient. */
    static Run measure(Backend backend, String label, OptimizerSpec spec, float[] gradients) {
        double[] weight = new double[gradients.length + 1];
        try (Tensor w = backend.allocate("w", DType.FLOAT32, 1);
                Tensor g = backend.allocate("g", DType.FLOAT32, 1);
                Optimizer opt = Optimizer.of(backend, spec, new Parameter(w, g))) {
            float[] one = new float[1];
            for (int k = 0; k < gradients.length; k++) {
                one[0] = gradients[k];
                g.copyFrom(one);
                opt.step();
                weight[k + 1] = w.toDoubleArray()[0];
            }
        }
        return new Run(label, weight);
    }

    /** Rprop, rmsprop and SGD, each with torch's defaults (rate 0.01), on the same gradients. */
    static List<Run> measure(Backend backend, int cycles, long seed) {
        float[] g = gradients(cycles, seed);
        return List.of(measure(backend, "rprop", Rprop.defaults(), g), measure(backend, "rmsprop", RmsProp.defaults(), g),
                measure(backend, "sgd", Sgd.defaults(), g));
    }

    @Override
    public ExperimentResult run(LabRun lab) throws IOException {
        int cycles = lab.size(100, 1000);
        List<Run> runs = measure(lab.backend(), cycles, lab.seed());
        Run rprop = runs.get(0);
        Run rmsprop = runs.get(1);
        Run sgd = runs.get(2);

        Path dir = lab.directory(name());
        XYChart all = Plots.chart("The weight under each optimizer", "mini-batch", "weight");
        XYChart close = Plots.chart("The same, without rprop", "mini-batch", "weight");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            Plots.line(all, r.label(), Plots.steps(r.weight().length), r.weight());
            if (r != rprop) { // in the colour it has on the left
                Plots.line(close, r.label(), Plots.steps(r.weight().length), r.weight()).setLineColor(Plots.color(i));
            }
        }
        String figure = lab.relative(Plots.writePngAndSvg(List.of(all, close), 2, dir, "weight"));

        MarkdownTable table = new MarkdownTable("optimizer (torch defaults, lr 0.01)", "mini-batches",
                "weight at the end", "largest |weight|", "cycles of ten ending lower");
        for (Run r : runs) {
            table.row(r.label(), cycles * CYCLE, MarkdownTable.number(r.last()), MarkdownTable.number(r.largest()),
                    MarkdownTable.number(r.steadyDrift()));
        }
        String setting = String.format(Locale.ROOT, "%d mini-batches (+0.1 ×9, −0.9 ×1 per ten), from 0: ", cycles * CYCLE);
        List<Claim> claims = List.of(
                new Claim("Rprop on mini-batches: the weight grows a lot although the gradients average to zero",
                        HINTON, setting + "rprop's weight " + MarkdownTable.number(rprop.last()) + ", lower after "
                                + MarkdownTable.number(100 * rprop.steadyDrift()) + "% of the tens; sgd's "
                                + MarkdownTable.number(sgd.last()),
                        Math.abs(rprop.last()) >= 100 * 0.01 * cycles && rprop.steadyDrift() >= 0.9, figure),
                new Claim("Rmsprop on the same mini-batches keeps the weight roughly where it is", HINTON,
                        setting + "rmsprop's weight " + MarkdownTable.number(rmsprop.last()) + " (largest |w| "
                                + MarkdownTable.number(rmsprop.largest()) + ") against rprop's "
                                + MarkdownTable.number(rprop.last()),
                        rmsprop.largest() <= 0.01 * Math.abs(rprop.last()), figure));
        return new ExperimentResult(name(), title(), table.text(), List.of(figure), claims);
    }
}

package dev.descent.lab;

import dev.descent.backend.Backend;
import dev.descent.objective.Quadratic;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * Experiment 1: gradient descent on a quadratic bowl converges for learning rates below 2/λmax
 * (monotonically up to 1/λmax, flipping across the valley between 1/λmax and 2/λmax), oscillates
 * without converging at 2/λmax, and diverges above it. Each coordinate along an eigenvector of A is
 * multiplied by {@code 1 − ηλ} per step (LeCun, Bottou, Orr and Müller, "Efficient BackProp", 1998, §5.1).
 * No randomness: the seed does not matter.
 */
public final class GradientDescentConvergence implements Experiment {

    /** The bowl: λ = 1 and λmax = 10, the valley's floor at 30°. */
    static final Quadratic2d BOWL = new Quadratic2d(1, 10, Math.toRadians(30));

    /** The start, on neither eigenvector. */
    static final double[] START = {-4, 3};

    /** The rates, as multiples of 1/λmax: below 1/λmax, between 1/λmax and 2/λmax, at 2/λmax, above. */
    static final double[] RATES = {0.5, 1.5, 2.0, 2.2};

    /** Steps whose sign flips are counted, while the λmax coordinate is still far above float32's rounding. */
    static final int FLIP_WINDOW = 20;

    /** Steps of each run. */
    static final int STEPS = 100;

    /** What happened to one rate's run. */
    enum Behaviour {
        /** f fell by more than 1e3 and the λmax coordinate never changed sign. */
        CONVERGES_MONOTONICALLY("converges monotonically"),
        /** f fell by more than 1e3, the λmax coordinate changing sign at every step. */
        CONVERGES_OSCILLATING("converges, oscillating across the valley"),
        /** f neither fell nor grew by 1e3: the λmax coordinate keeps its size, flipping sign. */
        OSCILLATES("oscillates without converging"),
        /** f grew by more than 1e3 (or overflowed). */
        DIVERGES("diverges");

        final String words;

        Behaviour(String words) {
            this.words = words;
        }
    }

    /**
     * One rate's run.
     *
     * @param etaTimesLambdaMax η·λmax
     * @param path the path
     * @param ratio f after the last step over f at the start
     * @param flips the sign changes of the λmax coordinate in the first {@link #FLIP_WINDOW} steps
     * @param amplitude |λmax coordinate| after {@link #FLIP_WINDOW} steps over its start
     */
    record Run(double etaTimesLambdaMax, OptimizerPath path, double ratio, int flips, double amplitude) {

        Behaviour behaviour() {
            if (!(ratio < 1e3)) {
                return Behaviour.DIVERGES;
            }
            if (ratio < 1e-3) {
                return flips == 0 ? Behaviour.CONVERGES_MONOTONICALLY : Behaviour.CONVERGES_OSCILLATING;
            }
            return Behaviour.OSCILLATES;
        }
    }

    @Override
    public String name() {
        return "gd-convergence";
    }

    @Override
    public String title() {
        return "Gradient descent on a quadratic: converge, oscillate or diverge around η = 2/λmax";
    }

    /** Gradient descent (SGD without momentum, full gradient) at η = {@code multiple}/λmax for {@code steps} steps. */
    static Run measure(Backend backend, double multiple, int steps) {
        double eta = multiple / BOWL.large();
        OptimizerPath path;
        try (Quadratic f = BOWL.objective()) {
            path = OptimizerPath.follow(String.format(Locale.ROOT, "η = %.1f/λmax", multiple), backend, f, START, steps,
                    p -> Optimizer.of(backend, Sgd.defaults().withLr(eta), p));
        }
        int flips = 0;
        int window = Math.min(FLIP_WINDOW, path.steps());
        for (int k = 1; k <= window; k++) {
            if (Math.signum(BOWL.along(1, path.points()[k])) != Math.signum(BOWL.along(1, path.points()[k - 1]))) {
                flips++;
            }
        }
        double amplitude = Math.abs(BOWL.along(1, path.points()[window]) / BOWL.along(1, START));
        return new Run(multiple, path, path.lastLoss() / path.losses()[0], flips, amplitude);
    }

    @Override
    public ExperimentResult run(LabRun lab) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (double m : RATES) {
            runs.add(measure(lab.backend(), m, STEPS));
        }
        Path dir = lab.directory(name());
        String paths = lab.relative(Plots.writePngAndSvg(pathPanels(runs), 2, dir, "paths"));
        String loss = lab.relative(Plots.writePngAndSvg(List.of(lossPanel(runs)), 1, dir, "loss"));

        MarkdownTable table = new MarkdownTable("η", "η·λmax", "f(x₀)", "f after " + STEPS + " steps", "ratio",
                "λmax sign flips in " + FLIP_WINDOW + " steps", "behaviour");
        for (Run r : runs) {
            table.row(MarkdownTable.number(r.etaTimesLambdaMax() / BOWL.large()), MarkdownTable.number(r.etaTimesLambdaMax()),
                    MarkdownTable.number(r.path().losses()[0]), MarkdownTable.number(r.path().lastLoss()),
                    MarkdownTable.number(r.ratio()), r.flips(), r.behaviour().words);
        }
        String source = "LeCun, Bottou, Orr & Müller, \"Efficient BackProp\" (1998), §5.1";
        String lambda = String.format(Locale.ROOT, "λmax = %s, λmin = %s, 2/λmax = %s; ", MarkdownTable.number(BOWL.large()),
                MarkdownTable.number(BOWL.small()), MarkdownTable.number(2 / BOWL.large()));
        Run below = runs.get(0);
        Run between = runs.get(1);
        Run at = runs.get(2);
        Run above = runs.get(3);
        List<Claim> claims = List.of(
                new Claim("Below 2/λmax gradient descent converges: monotonically for η ≤ 1/λmax, oscillating across"
                        + " the valley for 1/λmax < η < 2/λmax", source,
                        lambda + String.format(Locale.ROOT, "η = 0.5/λmax: f ratio %s, %d flips; η = 1.5/λmax: f ratio %s,"
                                + " %d flips in %d steps", MarkdownTable.number(below.ratio()), below.flips(),
                                MarkdownTable.number(between.ratio()), between.flips(), FLIP_WINDOW),
                        below.behaviour() == Behaviour.CONVERGES_MONOTONICALLY
                                && between.behaviour() == Behaviour.CONVERGES_OSCILLATING && between.flips() == FLIP_WINDOW,
                        paths),
                new Claim("At η = 2/λmax it oscillates: the λmax coordinate flips sign every step and keeps its size",
                        source, lambda + String.format(Locale.ROOT, "%d flips in %d steps, |λmax coordinate| ×%s,"
                                + " f ratio %s", at.flips(), FLIP_WINDOW, MarkdownTable.number(at.amplitude()),
                                MarkdownTable.number(at.ratio())),
                        at.behaviour() == Behaviour.OSCILLATES && at.flips() == FLIP_WINDOW
                                && Math.abs(at.amplitude() - 1) < 0.01,
                        paths),
                new Claim("Above 2/λmax it diverges", source, lambda + String.format(Locale.ROOT,
                        "η = 2.2/λmax: f ratio %s after %d steps", MarkdownTable.number(above.ratio()), above.path().steps()),
                        above.behaviour() == Behaviour.DIVERGES, loss));
        return new ExperimentResult(name(), title(), table.text(), List.of(paths, loss), claims);
    }

    private static List<XYChart> pathPanels(List<Run> runs) {
        List<XYChart> panels = new ArrayList<>();
        for (Run r : runs) {
            panels.add(BOWL.pathPanel(r.path().label() + ": " + r.behaviour().words, r.path(), 6, 0.5, 2, 8, 20, 40));
        }
        return panels;
    }

    private static XYChart lossPanel(List<Run> runs) {
        XYChart c = Plots.chart(String.format(Locale.ROOT, "f(x) per step (λmax = %s, 2/λmax = %s)",
                MarkdownTable.number(BOWL.large()), MarkdownTable.number(2 / BOWL.large())), "step", "f(x), log scale (f* = 0)");
        Plots.logarithmicY(c);
        for (Run r : runs) {
            Plots.logLine(c, r.path().label(), Plots.steps(r.path().losses().length), r.path().losses());
        }
        return c;
    }
}

package dev.descent.lab;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.MomentumSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Experiment 2, momentum: (a) on an inclined plane (a constant gradient g) SGD with momentum μ
 * reaches the terminal velocity {@code −η·g/(1−μ)}; (b) on an ill-conditioned quadratic bowl, plain
 * gradient descent against momentum with Hinton's schedule (0.5 for the first steps, then 0.9 or
 * 0.99) against Nesterov's momentum with the same schedule, all at the same learning rate: loss per
 * step and the paths. No randomness: the seed does not matter.
 */
public final class Momentum implements Experiment {

    /** The source of the terminal velocity and of the schedule. */
    static final String HINTON = "Hinton, Neural Networks for Machine Learning (Coursera, 2012), lecture 6c";

    /** The plane's gradient g and the learning rate η. */
    static final double SLOPE = 1;
    static final double PLANE_LR = 1e-3;

    /** The momenta whose terminal velocity is measured. */
    static final double[] MOMENTA = {0.5, 0.9, 0.99};

    /** The steps over which the mean velocity is taken, at the end of the run. */
    static final int VELOCITY_WINDOW = 100;

    /** The bowl: condition number 100, the valley's floor at 30°. */
    static final Quadratic2d BOWL = new Quadratic2d(1, 100, Math.toRadians(30));

    /** The start, on neither eigenvector. */
    static final double[] START = {-4, 3};

    /** The learning rate on the bowl, 1/λmax, the same for every method. */
    static final double BOWL_LR = 1 / BOWL.large();

    /** Steps at momentum 0.5 before it is raised. */
    static final int SWITCH_STEP = 10;

    /** The loss a method must reach and stay below, as a fraction of f at the start. */
    static final double TARGET = 1e-6;

    /**
     * The terminal velocity for one μ.
     *
     * @param momentum μ
     * @param velocity the step per step ({@code w_t − w_{t−1}}) at each step
     * @param measured the mean velocity over the last {@link #VELOCITY_WINDOW} steps
     * @param formula {@code −η·g/(1−μ)}
     */
    record Terminal(double momentum, double[] velocity, double measured, double formula) {

        double relativeError() {
            return Math.abs(measured / formula - 1);
        }
    }

    /** One method on the bowl: its path and the steps it took to reach {@link #TARGET} for good ({@code steps + 1}: never). */
    record BowlRun(OptimizerPath path, int stepsToTarget) {
    }

    @Override
    public String name() {
        return "momentum";
    }

    @Override
    public String title() {
        return "Momentum: the terminal velocity, the schedule, and Nesterov";
    }

    /** SGD with momentum μ on the plane for {@code steps} steps. */
    static Terminal terminal(Backend backend, double momentum, int steps) {
        OptimizerPath path;
        try (Objective plane = new InclinedPlane(SLOPE)) {
            path = OptimizerPath.follow("μ = " + momentum, backend, plane, new double[1], steps,
                    p -> Optimizer.of(backend, Sgd.defaults().withLr(PLANE_LR).withMomentum(momentum), p));
        }
        double[] w = path.coordinate(0);
        double[] v = new double[w.length - 1];
        for (int t = 1; t < w.length; t++) {
            v[t - 1] = w[t] - w[t - 1];
        }
        int window = Math.min(VELOCITY_WINDOW, steps);
        double measured = (w[steps] - w[steps - window]) / window;
        return new Terminal(momentum, v, measured, -PLANE_LR * SLOPE / (1 - momentum));
    }

    /**
     * One method on the bowl for {@code steps} steps at η = 1/λmax: gradient descent when
     * {@code finalMomentum} is 0, else momentum 0.5 for {@link #SWITCH_STEP} steps and then
     * {@code finalMomentum}, Nesterov's if {@code nesterov}.
     */
    static BowlRun bowl(Backend backend, double finalMomentum, boolean nesterov, int steps) {
        String label = finalMomentum == 0 ? "gradient descent"
                : (nesterov ? "Nesterov" : "momentum") + " 0.5→" + finalMomentum;
        OptimizerPath path;
        try (Objective f = BOWL.objective()) {
            path = OptimizerPath.follow(label, backend, f, START, steps, p -> {
                Sgd sgd = Sgd.defaults().withLr(BOWL_LR).withMomentum(finalMomentum).withNesterov(nesterov);
                ParamGroup group = ParamGroup.of(sgd, p);
                if (finalMomentum > 0) {
                    group = group.withMomentumSchedule(MomentumSchedule.switchAt(0.5, finalMomentum, SWITCH_STEP));
                }
                return Optimizer.builder(backend).group(group).build();
            });
        }
        // The first point of the final stretch below the target; a diverged run (stopped early) or one
        // whose last point is above the target never reached it: steps + 1.
        double target = TARGET * path.losses()[0];
        int first = steps + 1;
        if (path.losses().length == steps + 1) {
            while (first > 0 && path.losses()[first - 1] <= target) {
                first--;
            }
        }
        return new BowlRun(path, first);
    }

    @Override
    public ExperimentResult run(LabRun lab) throws IOException {
        int planeSteps = lab.size(2000, 5000);
        List<Terminal> terminals = new ArrayList<>();
        for (double m : MOMENTA) {
            terminals.add(terminal(lab.backend(), m, planeSteps));
        }
        int bowlSteps = 600;
        BowlRun gd = bowl(lab.backend(), 0, false, bowlSteps);
        BowlRun m9 = bowl(lab.backend(), 0.9, false, bowlSteps);
        BowlRun m99 = bowl(lab.backend(), 0.99, false, bowlSteps);
        BowlRun n9 = bowl(lab.backend(), 0.9, true, bowlSteps);
        BowlRun n99 = bowl(lab.backend(), 0.99, true, bowlSteps);
        List<BowlRun> runs = List.of(gd, m9, m99, n9, n99);

        Path dir = lab.directory(name());
        String velocity = lab.relative(
                Plots.writePngAndSvg(List.of(velocityPanel(terminals)), 1, dir, "velocity"));
        String loss = lab.relative(
                Plots.writePngAndSvg(List.of(lossPanel(runs)), 1, dir, "loss"));
        List<XYChart> pathPanels = new ArrayList<>();
        for (BowlRun r : runs) {
            pathPanels.add(BOWL.pathPanel(r.path().label(), r.path(), 5, 1, 10, 50, 200, 500));
        }
        String paths = lab.relative(Plots.writePngAndSvg(pathPanels, 3, dir, "paths"));

        MarkdownTable table = new MarkdownTable("run", "μ", "measured", "formula −η·g/(1−μ)", "relative difference");
        for (Terminal t : terminals) {
            table.row("inclined plane, " + planeSteps + " steps", t.momentum(), MarkdownTable.number(t.measured()),
                    MarkdownTable.number(t.formula()), MarkdownTable.number(t.relativeError()));
        }
        MarkdownTable bowlTable = new MarkdownTable("method (η = 1/λmax)", "steps to f ≤ 1e-6·f₀ for good",
                "f after " + bowlSteps + " steps");
        for (BowlRun r : runs) {
            bowlTable.row(r.path().label(), steps(r, bowlSteps), MarkdownTable.number(r.path().lastLoss()));
        }
        double worst = terminals.stream().mapToDouble(Terminal::relativeError).max().orElseThrow();
        StringBuilder velocities = new StringBuilder();
        for (Terminal t : terminals) {
            velocities.append(String.format(Locale.ROOT, "μ = %s: %s vs %s; ", t.momentum(), MarkdownTable.number(t.measured()),
                    MarkdownTable.number(t.formula())));
        }
        String bowlSetting = String.format(Locale.ROOT, "λmax/λmin = %s, η = 1/λmax, steps to f ≤ 1e-6·f₀: ",
                MarkdownTable.number(BOWL.large() / BOWL.small()));
        List<Claim> claims = List.of(
                new Claim("On an inclined plane the velocity tends to the terminal velocity −η·g/(1−μ)", HINTON,
                        velocities + "largest relative difference " + MarkdownTable.number(worst), worst < 1e-3, velocity),
                new Claim("Momentum (0.5 at first, then raised to 0.9) reaches a low loss on an ill-conditioned quadratic in"
                        + " far fewer steps than gradient descent at the same learning rate", HINTON,
                        bowlSetting + "gradient descent " + steps(gd, bowlSteps) + ", momentum 0.5→0.9 "
                                + steps(m9, bowlSteps) + ", momentum 0.5→0.99 " + steps(m99, bowlSteps),
                        m9.stepsToTarget() * 3 <= gd.stepsToTarget(), loss),
                new Claim("Nesterov's momentum works better than standard momentum (same schedule, same rate)",
                        HINTON + "; Sutskever, Martens, Dahl & Hinton, ICML 2013, §2",
                        bowlSetting + "0.5→0.9: Nesterov " + steps(n9, bowlSteps) + " vs standard " + steps(m9, bowlSteps)
                                + "; 0.5→0.99: Nesterov " + steps(n99, bowlSteps) + " vs standard " + steps(m99, bowlSteps),
                        n9.stepsToTarget() <= m9.stepsToTarget() && n99.stepsToTarget() <= m99.stepsToTarget(), loss));
        return new ExperimentResult(name(), title(), table.text() + "\n" + bowlTable.text(),
                List.of(velocity, loss, paths), claims);
    }

    private static String steps(BowlRun r, int steps) {
        return r.stepsToTarget() > steps ? "> " + steps : Integer.toString(r.stepsToTarget());
    }

    private static XYChart velocityPanel(List<Terminal> terminals) {
        XYChart c = Plots.chart(String.format(Locale.ROOT, "Speed on an inclined plane (g = %s, η = %s)",
                MarkdownTable.number(SLOPE), MarkdownTable.number(PLANE_LR)), "step", "speed −Δw per step, log scale");
        Plots.logarithmicY(c);
        for (Terminal t : terminals) {
            double[] speed = new double[t.velocity().length];
            for (int i = 0; i < speed.length; i++) {
                speed[i] = -t.velocity()[i];
            }
            Plots.logLine(c, "μ = " + t.momentum(), Plots.steps(speed.length), speed);
            XYSeries f = Plots.logLine(c, "η·g/(1−μ) = " + MarkdownTable.number(-t.formula()),
                    new double[] {0, speed.length - 1}, new double[] {-t.formula(), -t.formula()});
            f.setLineColor(java.awt.Color.GRAY);
            f.setLineStyle(Plots.dashed());
        }
        return c;
    }

    private static XYChart lossPanel(List<BowlRun> runs) {
        XYChart c = Plots.chart(String.format(Locale.ROOT, "f per step, λmax/λmin = %s, η = 1/λmax",
                MarkdownTable.number(BOWL.large() / BOWL.small())), "step", "f(x), log scale (f* = 0)");
        Plots.logarithmicY(c);
        for (BowlRun r : runs) {
            Plots.logLine(c, r.path().label(), Plots.steps(r.path().losses().length), r.path().losses());
        }
        return c;
    }
}

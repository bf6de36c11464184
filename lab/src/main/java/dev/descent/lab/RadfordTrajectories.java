package dev.descent.lab;

import dev.descent.backend.Backend;
import dev.descent.minimize.MiniBatchTraining;
import dev.descent.minimize.MinimizeResult;
import dev.descent.objective.Beale;
import dev.descent.objective.Objective;
import dev.descent.objective.Saddle;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Experiment 3, Radford-style trajectories: every first-order optimizer of Descent from the same
 * start on Beale's function (a long curved valley) and on the saddle {@code x² − y²}, drawn over
 * the function's contours, one image per surface and an animated GIF of the paths. The paths are
 * full-batch runs of {@link MiniBatchTraining} (every step on the exact gradient), so they are a
 * deterministic function of the start, the step count and the hyper-parameters of {@link #racers()}.
 *
 * <p>The claims are Ruder's description of Alec Radford's animations (S. Ruder, "An overview of
 * gradient descent optimization algorithms", arXiv:1609.04747, 2016, §4.7): on Beale's function
 * Momentum and NAG are "led off-track" where Adagrad, Adadelta and RMSprop "head off in the right
 * direction", NAG correcting its course sooner than Momentum; on the saddle SGD, Momentum and NAG
 * "find it difficult to break symmetry" while Adagrad, RMSprop and Adadelta "quickly head down the
 * negative slope".
 */
public final class RadfordTrajectories implements Experiment {

    /** The source of both claims. */
    static final String SOURCE = "Ruder, \"An overview of gradient descent optimization algorithms\", arXiv:1609.04747, §4.7"
            + " (describing A. Radford's animations, 2014)";

    /** One optimizer in the race: its label and its settings. */
    public record Racer(String label, OptimizerSpec spec) {
    }

    /** One path: the racer's label and the points {@code x₀, x₁, …}, each {@code {x, y}}. */
    public record Trajectory(String label, List<double[]> points) {

        /**
         * How far the path strays from the straight segment between its start and {@code target}: the
         * largest distance of a point from that segment.
         */
        public double detour(double[] target) {
            double[] a = points.getFirst();
            double dx = target[0] - a[0];
            double dy = target[1] - a[1];
            double length2 = dx * dx + dy * dy;
            double far = 0;
            for (double[] p : points) {
                double t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
                far = Math.max(far, distance(p, new double[] {a[0] + t * dx, a[1] + t * dy}));
            }
            return far;
        }

        /** The first step at which {@code |y| ≥ level}, or −1 if the path never gets there. */
        public int escapeStep(double level) {
            for (int k = 0; k < points.size(); k++) {
                double[] p = points.get(k);
                if (!(Math.abs(p[1]) < level)) {
                    return k;
                }
            }
            return -1;
        }

        /** The last point. */
        public double[] end() {
            return points.getLast().clone();
        }

        private static double distance(double[] a, double[] b) {
            return Math.hypot(a[0] - b[0], a[1] - b[1]);
        }
    }

    /** Beale's minimum. */
    static final double[] BEALE_MINIMUM = {3, 0.5};
    /** Where the saddle paths start: just off the ridge {@code y = 0}. */
    static final double[] SADDLE_START = {1, 1e-3};
    /** The saddle counts as escaped once {@code |y|} reaches this. */
    static final double ESCAPED = 1;

    @Override
    public String name() {
        return "trajectories";
    }

    @Override
    public String title() {
        return "Radford-style trajectories on Beale's function and a saddle point";
    }

    /**
     * Every first-order optimizer with the settings of the race: torch's defaults except the
     * learning rates, chosen so that each one moves visibly in a few hundred steps on both surfaces
     * (the same for both), and Adadelta's ρ = 0.95 of Zeiler's paper (arXiv:1212.5701, §4).
     */
    public static List<Racer> racers() {
        return List.of(
                racer("SGD", "sgd", Map.of("lr", 0.01)),
                racer("Momentum", "sgd", Map.of("lr", 0.01, "momentum", 0.9)),
                racer("NAG", "sgd", Map.of("lr", 0.01, "momentum", 0.9, "nesterov", true)),
                racer("Adagrad", "adagrad", Map.of("lr", 0.5)),
                racer("Adadelta", "adadelta", Map.of("lr", 1.0, "rho", 0.95, "eps", 1e-6)),
                racer("RMSprop", "rmsprop", Map.of("lr", 0.01)),
                racer("Adam", "adam", Map.of("lr", 0.05)),
                racer("NAdam", "nadam", Map.of("lr", 0.05)),
                racer("Adamax", "adamax", Map.of("lr", 0.05)),
                racer("Rprop", "rprop", Map.of("lr", 0.01)),
                racer("local gains", "gains", Map.of("lr", 0.01)),
                racer("vSGD", "vsgd", Map.of()));
    }

    private static Racer racer(String label, String optimizer, Map<String, ?> hyper) {
        return new Racer(label, OptimizerSpecs.fromHyper(optimizer, hyper));
    }

    /**
     * The path of {@code spec} from {@code start} on {@code surface} over {@code steps} full-batch steps
     * on {@code backend} (float32, the optimizers' precision); shorter if the gradient vanishes
     * ({@code ‖g‖∞ ≤ 1e-5}) or a value becomes non-finite.
     */
    public static Trajectory trajectory(Backend backend, Objective surface, double[] start, Racer racer, int steps) {
        if (surface.dimension() != 2) {
            throw new IllegalArgumentException("a trajectory plot needs a 2-variable problem, '" + surface.name()
                    + "' has " + surface.dimension());
        }
        try (Tensor x = backend.allocate(surface.name() + ".x", DType.FLOAT32, 2)) {
            x.copyFrom(start);
            MinimizeResult result = MiniBatchTraining.of(racer.spec(), MiniBatchTraining.ALL, steps, 0)
                    .minimize(surface, x, true);
            return new Trajectory(racer.label(), result.trajectory().orElseThrow().points());
        }
    }

    /** Every racer's path on {@code surface}. */
    public static List<Trajectory> race(Backend backend, Objective surface, double[] start, int steps) {
        List<Trajectory> paths = new ArrayList<>();
        for (Racer r : racers()) {
            paths.add(trajectory(backend, surface, start, r, steps));
        }
        return paths;
    }

    @Override
    public ExperimentResult run(LabRun run) throws IOException {
        Path dir = run.directory(name());
        int steps = run.quick() ? 150 : 300;
        int frames = run.quick() ? 8 : 40;
        run.say(name() + ": Beale's function, " + racers().size() + " optimizers × " + steps + " steps");
        List<Trajectory> beale;
        try (Objective surface = new Beale()) {
            beale = race(run.backend(), surface, surface.startingValues(), steps);
        }
        run.say(name() + ": the saddle x² − y²");
        List<Trajectory> saddle;
        try (Objective surface = new Saddle()) {
            saddle = race(run.backend(), surface, SADDLE_START, steps);
        }
        ContourFigure bealeFigure = figure("Beale's function from (1, 1), " + steps + " steps", Beale::new,
                v -> Math.log10(Math.max(v, 1e-12)), "shading: bands of log₁₀ f, 0.25 wide", 0.25,
                new double[] {-0.5, 4.5, -1.5, 2.0}, List.of(BEALE_MINIMUM), "minimum (3, 0.5)", beale);
        ContourFigure saddleFigure = figure("Saddle f = x² − y² from (1, 0.001), " + steps + " steps", Saddle::new,
                v -> v, "shading: bands of f, 0.25 wide", 0.25, new double[] {-1.5, 1.5, -1.5, 1.5},
                List.of(new double[] {0, 0}), "saddle point (0, 0)", saddle);
        List<String> figures = new ArrayList<>();
        for (var e : List.of(Map.entry("beale", bealeFigure), Map.entry("saddle", saddleFigure))) {
            ContourFigure fig = e.getValue();
            for (String ext : List.of("png", "svg")) {
                Drawings.write(fig::paint, ContourFigure.WIDTH, ContourFigure.HEIGHT, dir.resolve(e.getKey() + "." + ext));
            }
            figures.add(name() + "/" + e.getKey() + ".png");
            run.say(name() + ": the animation of " + e.getKey() + ", " + frames + " frames");
            int length = steps + 1;
            Drawings.writeGif(k -> g -> fig.paint(g, (int) ((long) k * (length - 1) / (frames - 1))), frames,
                    ContourFigure.WIDTH, ContourFigure.HEIGHT, 80, dir.resolve(e.getKey() + ".gif"));
            figures.add(name() + "/" + e.getKey() + ".gif");
        }
        return new ExperimentResult(name(), title(), table(beale, saddle), figures,
                List.of(bealeClaim(beale), saddleClaim(saddle, steps)));
    }

    /** Beale: Momentum and NAG stray farther from the straight way to the minimum than Adagrad, Adadelta and RMSprop; NAG less than Momentum. */
    static Claim bealeClaim(List<Trajectory> beale) {
        double momentum = find(beale, "Momentum").detour(BEALE_MINIMUM);
        double nag = find(beale, "NAG").detour(BEALE_MINIMUM);
        double adaptive = Math.max(find(beale, "Adagrad").detour(BEALE_MINIMUM),
                Math.max(find(beale, "Adadelta").detour(BEALE_MINIMUM), find(beale, "RMSprop").detour(BEALE_MINIMUM)));
        boolean holds = Math.min(momentum, nag) > adaptive && nag < momentum;
        String measured = String.format(Locale.ROOT, "largest distance from the straight segment start–minimum:"
                + " Momentum %.2f, NAG %.2f; largest of Adagrad, Adadelta, RMSprop %.2f", momentum, nag, adaptive);
        return new Claim("On Beale's function Momentum and NAG are led off-track (they stray farther from the straight way"
                + " to the minimum) while Adagrad, Adadelta and RMSprop head off in the right direction;"
                + " NAG corrects its course sooner than Momentum", SOURCE, measured, holds, "trajectories/beale.png");
    }

    /** Saddle: Adagrad, RMSprop and Adadelta reach |y| ≥ 1 before any of SGD, Momentum and NAG. */
    static Claim saddleClaim(List<Trajectory> saddle, int steps) {
        int adaptive = 0;
        for (String s : List.of("Adagrad", "RMSprop", "Adadelta")) {
            int k = find(saddle, s).escapeStep(ESCAPED);
            adaptive = adaptive < 0 || k < 0 ? -1 : Math.max(adaptive, k);
        }
        int slow = Integer.MAX_VALUE;
        StringBuilder m = new StringBuilder("first step with |y| ≥ " + fmt(ESCAPED) + " (of " + steps + "): ");
        for (String s : List.of("SGD", "Momentum", "NAG", "Adagrad", "RMSprop", "Adadelta")) {
            int k = find(saddle, s).escapeStep(ESCAPED);
            m.append(s).append(' ').append(k < 0 ? "never" : Integer.toString(k)).append(s.equals("Adadelta") ? "" : ", ");
            if (List.of("SGD", "Momentum", "NAG").contains(s)) {
                slow = Math.min(slow, k < 0 ? Integer.MAX_VALUE : k);
            }
        }
        boolean holds = adaptive >= 0 && adaptive < slow;
        return new Claim("At a saddle point SGD, Momentum and NAG find it difficult to break symmetry, while Adagrad,"
                + " RMSprop and Adadelta quickly head down the negative slope", SOURCE, m.toString(), holds,
                "trajectories/saddle.png");
    }

    private static Trajectory find(List<Trajectory> paths, String label) {
        return paths.stream().filter(p -> p.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no path of " + label));
    }

    private static ContourFigure figure(String title, java.util.function.Supplier<Objective> surface,
            DoubleUnaryOperator level, String levelLabel, double step, double[] box, List<double[]> marks,
            String markLabel, List<Trajectory> paths) {
        List<ContourFigure.Trace> traces = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            traces.add(new ContourFigure.Trace(paths.get(i).label(), Palette.colour(i), paths.get(i).points()));
        }
        try (PointValue f = new PointValue(surface.get())) {
            return ContourFigure.of(title, f, level, levelLabel, step, box, marks, markLabel, traces);
        }
    }

    private static String table(List<Trajectory> beale, List<Trajectory> saddle) {
        MarkdownTable t = new MarkdownTable("optimizer", "settings", "Beale: end point", "Beale: detour",
                "saddle: first step with |y| ≥ " + fmt(ESCAPED));
        List<Racer> racers = racers();
        for (int i = 0; i < racers.size(); i++) {
            double[] end = beale.get(i).end();
            int k = saddle.get(i).escapeStep(ESCAPED);
            t.row(racers.get(i).label(), OptimizerSpecs.hyper(racers.get(i).spec()),
                    String.format(Locale.ROOT, "(%.3f, %.3f)", end[0], end[1]),
                    MarkdownTable.number(beale.get(i).detour(BEALE_MINIMUM)), k < 0 ? "never" : k);
        }
        return t.text();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** The value of a two-variable objective at a point, through a pair of reference tensors. */
    private static final class PointValue implements DoubleBinaryOperator, AutoCloseable {
        private final Objective objective;
        private final Tensor x;
        private final Tensor g;

        PointValue(Objective objective) {
            this.objective = objective;
            Backend host = new dev.descent.reference.ReferenceBackend();
            this.x = host.allocate("point", DType.FLOAT64, 2);
            this.g = host.allocate("gradient", DType.FLOAT64, 2);
        }

        @Override
        public double applyAsDouble(double px, double py) {
            x.copyFrom(new double[] {px, py});
            return objective.valueAndGradient(x, g);
        }

        @Override
        public void close() {
            x.close();
            g.close();
            objective.close();
        }
    }

    /** Twelve distinguishable colours (matplotlib's tab10, then two more). */
    static final class Palette {
        private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf), new Color(0x000000), new Color(0x00ff7f)};

        private Palette() {
        }

        static Color colour(int i) {
            return COLOURS[i % COLOURS.length];
        }
    }
}

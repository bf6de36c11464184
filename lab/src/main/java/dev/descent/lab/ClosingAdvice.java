package dev.descent.lab;

import dev.descent.backend.Backend;
import dev.descent.kernel.Activation;
import dev.descent.minimize.MiniBatchTraining;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.MinimizerSession;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.network.TorchInit;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.VsgdCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Experiment 7, the closing advice of Hinton's lecture 6e ("Summary of learning methods for neural
 * networks"): for small data sets (about 10 000 examples) a full-batch method — conjugate gradients,
 * L-BFGS — and for big, redundant ones mini-batches — rmsprop and its relatives. On the multilayer
 * network, same network and starting point for every method: (a) a small set, full batch, nonlinear
 * conjugate gradients (Polak–Ribière+), L-BFGS and Hessian-free against Adam, RMSprop and Rprop on the
 * full gradient; (b) a large set, mini-batch RMSprop, vSGD, Adam and SGD with Nesterov momentum
 * against full-batch L-BFGS. Every method gets the same budget of passes over the data; the training
 * loss is recorded against passes and wall time, the test accuracy at the end.
 *
 * <p>vSGD runs in both variants: vSGD-l (Schaul, Zhang &amp; LeCun 2013) on the network's diagonal
 * curvature (bbprop, Becker &amp; LeCun 1988: the Gauss–Newton diagonal without the cross terms between
 * the units of a layer), one curvature pass per batch and one gradient per example for its mini-batch
 * correction; and vSGD-fd (Schaul &amp; LeCun 2013), its curvature from finite differences of
 * per-example gradients, two more gradients per example. All of it is counted in their passes.
 *
 * <p>Wall time excludes the monitoring evaluations of the full training loss that mini-batch training
 * makes after each epoch (they are not a step's work); passes count every example evaluated for a step.
 *
 * @param settings the sizes
 */
public record ClosingAdvice(Settings settings) implements Experiment {

    /** The source of both claims. */
    static final String HINTON = "Hinton, Srivastava & Swersky, Neural Networks for Machine Learning (Coursera, 2012),"
            + " lecture 6e, \"Summary of learning methods for neural networks\"";

    /**
     * The sizes.
     *
     * @param smallRows examples of part (a)
     * @param smallPasses its budget of passes per method
     * @param largeRows examples of part (b)
     * @param largePasses its budget of passes per method
     * @param hidden the network's hidden widths
     * @param batch the mini-batch size of part (b)
     * @param quick synthetic data instead of Fashion-MNIST
     */
    public record Settings(int smallRows, int smallPasses, int largeRows, int largePasses, int[] hidden, int batch,
            boolean quick) {

        public Settings {
            if (smallRows < 1 || smallPasses < 1 || largeRows < 1 || largePasses < 1 || batch < 1 || hidden.length == 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "closing-advice: rows (%d, %d), passes"
                        + " (%d, %d), batch = %d and %d hidden layers must all be ≥ 1", smallRows, largeRows, smallPasses,
                        largePasses, batch, hidden.length));
            }
            hidden = hidden.clone();
        }
    }

    /** The full run: 10 000 and 60 000 Fashion-MNIST images, a hidden layer of 256. */
    public static Settings full() {
        return new Settings(10_000, 100, 60_000, 10, new int[] {256}, 128, false);
    }

    /** The quick run: synthetic data, 600 and 3 000 examples. */
    public static Settings quick() {
        return new Settings(600, 40, 3_000, 4, new int[] {32}, 100, true);
    }

    /** The experiment with {@link #full()} sizes, or {@link #quick()} ones when the run asks for them. */
    public ClosingAdvice() {
        this(null);
    }

    @Override
    public String name() {
        return "closing-advice";
    }

    @Override
    public String title() {
        return "The closing advice: full batch for small data sets, mini-batches for large ones";
    }

    /**
     * A method: its label, its family ({@code full-batch second-order}, {@code full-batch first-order},
     * {@code mini-batch}), and the minimizer that runs it.
     */
    public record Contender(String label, String family, Minimizer minimizer) {

        /** Whether it trains on mini-batches (its full-batch evaluations are then monitoring). */
        boolean miniBatch() {
            return family.equals(MINI_BATCH);
        }
    }

    static final String SECOND_ORDER = "full-batch second-order";
    static final String FIRST_ORDER = "full-batch first-order";
    static final String MINI_BATCH = "mini-batch";

    /** Part (a)'s methods: each stops on its own tests or at the budget. */
    public static List<Contender> smallDataContenders(long seed) {
        Stopping open = Stopping.defaults().withMaxIterations(1_000_000);
        return List.of(new Contender("CG (PR+)", SECOND_ORDER, Minimizers.create("ncg-pr", open)),
                new Contender("L-BFGS", SECOND_ORDER, Minimizers.create("lbfgs", open)),
                new Contender("Hessian-free", SECOND_ORDER, Minimizers.create("hf", open)),
                new Contender("Adam", FIRST_ORDER, fullBatch("adam", Map.of("lr", 1e-3), seed)),
                new Contender("RMSprop", FIRST_ORDER, fullBatch("rmsprop", Map.of("lr", 1e-3), seed)),
                new Contender("Rprop", FIRST_ORDER, fullBatch("rprop", Map.of(), seed)));
    }

    /** Part (b)'s methods, mini-batches of {@code batch}. */
    public static List<Contender> largeDataContenders(int batch, long seed) {
        return List.of(new Contender("RMSprop", MINI_BATCH, miniBatch("rmsprop", Map.of("lr", 1e-3), batch, seed)),
                new Contender("vSGD-l", MINI_BATCH, miniBatch("vsgd", Map.of("variant",
                        VsgdCurvature.LOCAL.label()), batch, seed)),
                new Contender("vSGD-fd", MINI_BATCH, miniBatch("vsgd", Map.of("variant",
                        VsgdCurvature.FINITE_DIFFERENCE.label()), batch, seed)),
                new Contender("Adam", MINI_BATCH, miniBatch("adam", Map.of("lr", 1e-3), batch, seed)),
                new Contender("SGD + Nesterov", MINI_BATCH, miniBatch("sgd", Map.of("lr", 0.05, "momentum", 0.9,
                        "nesterov", true), batch, seed)),
                new Contender("L-BFGS", SECOND_ORDER, Minimizers.create("lbfgs",
                        Stopping.defaults().withMaxIterations(1_000_000))));
    }

    private static Minimizer fullBatch(String optimizer, Map<String, ?> hyper, long seed) {
        return MiniBatchTraining.of(OptimizerSpecs.fromHyper(optimizer, hyper), MiniBatchTraining.ALL, 1_000_000, seed);
    }

    private static Minimizer miniBatch(String optimizer, Map<String, ?> hyper, int batch, long seed) {
        return MiniBatchTraining.of(OptimizerSpecs.fromHyper(optimizer, hyper), batch, 1_000_000, seed);
    }

    /**
     * One method's run: after each of its steps (an iteration; an epoch of mini-batches) the passes over
     * the data, the seconds and the training loss, the start included; and the final test accuracy.
     */
    public record Race(String label, String family, double[] passes, double[] seconds, double[] loss,
            double testAccuracy, String stop) {

        /** The training loss at the end. */
        public double finalLoss() {
            return loss[loss.length - 1];
        }
    }

    /**
     * {@code contender} on {@code spec} trained on {@code data}'s training set from torch's
     * initialisation with {@code seed}, in float32 on {@code backend}, until it has used
     * {@code budget} passes over the data or stops on its own tests.
     */
    public static Race race(Backend backend, NetworkSpec spec, LabData data, Contender contender, double budget,
            long seed) {
        List<double[]> rows = new ArrayList<>(); // {passes, seconds, loss}
        String stop = "the budget of " + fmt(budget) + " passes";
        try (MultilayerPerceptron net = MultilayerPerceptron.classifier(spec, data.train());
                Tensor x = backend.allocate("mlp.x", DType.FLOAT32, net.dimension())) {
            x.copyFrom(TorchInit.initialize(spec, seed));
            CountedObjective counted = new CountedObjective(net, contender.miniBatch());
            long start = System.nanoTime();
            try (MinimizerSession session = contender.minimizer().start(counted, x, false)) {
                rows.add(new double[] {counted.passes(), 0, session.value()});
                while (counted.passes() < budget) {
                    var result = session.step();
                    double seconds = (System.nanoTime() - start) * 1e-9 - counted.monitoringSeconds();
                    rows.add(new double[] {counted.passes(), seconds, session.value()});
                    if (result.isPresent()) {
                        stop = result.get().stopReason().label() + " (" + result.get().stopDetail() + ")";
                        break;
                    }
                }
            }
            double accuracy = net.accuracy(x, data.test());
            double[][] columns = new double[3][rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int c = 0; c < 3; c++) {
                    columns[c][i] = rows.get(i)[c];
                }
            }
            return new Race(contender.label(), contender.family(), columns[0], columns[1], columns[2], accuracy, stop);
        }
    }

    /** Part (a)'s claim: the best of CG and L-BFGS ends lower than the best of the first-order methods. */
    static Claim smallDataClaim(List<Race> races, String data, String figure) {
        double second = best(races, List.of("CG (PR+)", "L-BFGS"));
        double first = best(races, List.of("Adam", "RMSprop", "Rprop"));
        String measured = String.format(Locale.ROOT, "training loss after the same passes on %s: best of CG (PR+),"
                + " L-BFGS %.4f; best of Adam, RMSprop, Rprop (full batch) %.4f; %s", data, second, first,
                summary(races));
        return new Claim("On a small data set (about 10 000 examples) the first full-batch choice, conjugate gradients"
                + " or L-BFGS, trains the network further than Adam, RMSprop and Rprop on the full gradient, for the"
                + " same passes over the data", HINTON, measured, second < first, figure);
    }

    /** Part (b)'s claim: the best mini-batch method ends lower than full-batch L-BFGS. */
    static Claim largeDataClaim(List<Race> races, String data, String figure) {
        double mini = best(races, List.of("RMSprop", "vSGD-l", "vSGD-fd", "Adam", "SGD + Nesterov"));
        double lbfgs = best(races, List.of("L-BFGS"));
        String measured = String.format(Locale.ROOT, "training loss after the same passes on %s: best mini-batch"
                + " method %.4f; full-batch L-BFGS %.4f; %s", data, mini, lbfgs, summary(races));
        return new Claim("On a large, redundant data set (60 000 examples), mini-batch methods (RMSprop, vSGD, Adam,"
                + " SGD with Nesterov momentum) train the network further than full-batch L-BFGS for the same passes"
                + " over the data", HINTON, measured, mini < lbfgs, figure);
    }

    /** Which method, of which family, ends with the lowest training loss. */
    static String winner(List<Race> races) {
        Race best = races.stream().min(java.util.Comparator.comparingDouble(
                r -> Double.isFinite(r.finalLoss()) ? r.finalLoss() : Double.POSITIVE_INFINITY)).orElseThrow();
        Race accurate = races.stream().max(java.util.Comparator.comparingDouble(Race::testAccuracy)).orElseThrow();
        return String.format(Locale.ROOT, "Lowest training loss: %s (%s, %.4f); best test accuracy: %s (%s, %.2f%%).",
                best.label(), best.family(), best.finalLoss(), accurate.label(), accurate.family(),
                100 * accurate.testAccuracy());
    }

    private static double best(List<Race> races, List<String> labels) {
        // A run that diverged (a non-finite loss) counts as the worst, not as a NaN that hides the others.
        return races.stream().filter(r -> labels.contains(r.label()))
                .mapToDouble(r -> Double.isFinite(r.finalLoss()) ? r.finalLoss() : Double.POSITIVE_INFINITY).min()
                .orElseThrow(() -> new IllegalArgumentException("no race of " + labels));
    }

    private static String summary(List<Race> races) {
        StringBuilder s = new StringBuilder("test accuracy:");
        for (Race r : races) {
            s.append(String.format(Locale.ROOT, " %s %.2f%%,", r.label(), 100 * r.testAccuracy()));
        }
        return s.substring(0, s.length() - 1);
    }

    @Override
    public ExperimentResult run(LabRun run) throws IOException {
        Settings s = settings != null ? settings : run.quick() ? quick() : full();
        Path dir = run.directory(name());
        LabData small = s.quick() ? synthetic(s.smallRows(), run.seed())
                : LabData.fashionMnistOr(s.smallRows(), synthetic(s.smallRows(), run.seed()));
        LabData large = s.quick() ? synthetic(s.largeRows(), run.seed())
                : LabData.fashionMnistOr(s.largeRows(), synthetic(s.largeRows(), run.seed()));
        NetworkSpec spec = network(small, s.hidden());
        List<Race> smallRaces = new ArrayList<>();
        for (Contender c : smallDataContenders(run.seed())) {
            run.say(name() + ": (a) " + c.label() + " on " + small.train().rows() + " examples, "
                    + s.smallPasses() + " passes");
            smallRaces.add(race(run.backend(), spec, small, c, s.smallPasses(), run.seed()));
        }
        List<Race> largeRaces = new ArrayList<>();
        for (Contender c : largeDataContenders(s.batch(), run.seed())) {
            run.say(name() + ": (b) " + c.label() + " on " + large.train().rows() + " examples, "
                    + s.largePasses() + " passes");
            largeRaces.add(race(run.backend(), spec, large, c, s.largePasses(), run.seed()));
        }
        String smallFigure = figure(dir, "small", "(a) " + small.train().rows() + " examples, full batch", smallRaces);
        String largeFigure = figure(dir, "large", "(b) " + large.train().rows() + " examples", largeRaces);
        String table = "Network " + spec.describe() + ", the same initialisation (seed " + run.seed() + ") for every"
                + " method; every method gets the same budget of passes over the training set.\n\n(a) "
                + small.description() + ", full batch. " + winner(smallRaces) + "\n\n" + table(smallRaces) + "\n(b) "
                + large.description() + ", mini-batches of " + s.batch() + ". vSGD runs as vSGD-l (on the network's"
                + " bbprop diagonal curvature) and as vSGD-fd (finite differences). " + winner(largeRaces) + "\n\n" + table(largeRaces);
        return new ExperimentResult(name(), title(), table,
                List.of(smallFigure, largeFigure),
                List.of(smallDataClaim(smallRaces, small.description(), smallFigure),
                        largeDataClaim(largeRaces, large.description(), largeFigure)));
    }

    /** The network of the experiment: the data's width, the hidden layers, one output per class, ReLU. */
    static NetworkSpec network(LabData data, int[] hidden) {
        int[] widths = new int[hidden.length + 2];
        widths[0] = data.train().cols();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = data.train().classes();
        return new NetworkSpec(widths, Activation.RELU, Loss.CROSS_ENTROPY);
    }

    /** The synthetic stand-in for Fashion-MNIST: 20 features, 4 classes, 20% label noise. */
    static LabData synthetic(int rows, long seed) {
        return LabData.synthetic(rows, 1000, 20, 4, 0.2, seed);
    }

    private String figure(Path dir, String stem, String title, List<Race> races) throws IOException {
        XYChart byPasses = Plots.chart(title + ": loss against passes", "passes over the training set",
                "training loss (cross-entropy, nats)");
        XYChart byTime = Plots.chart(title + ": loss against time", "wall time (s)", "training loss (cross-entropy, nats)");
        Plots.logarithmicY(byPasses);
        Plots.logarithmicY(byTime);
        if (spansDecades(races)) {
            // One slow method (vSGD-fd takes minutes where Adam takes seconds) would squash every other
            // curve against the y axis; on a log time axis each keeps its shape (t = 0 is left out).
            byTime.getStyler().setXAxisLogarithmic(true);
            byTime.setXAxisTitle("wall time (s, log scale)");
        }
        for (Race r : races) {
            Plots.logLine(byPasses, r.label(), r.passes(), r.loss());
            Plots.logLine(byTime, r.label(), r.seconds(), r.loss());
        }
        Plots.writePngAndSvg(List.of(byPasses, byTime), 2, dir, stem);
        return name() + "/" + stem + ".png";
    }

    /** Whether the methods' total wall times differ by more than a factor of ten. */
    static boolean spansDecades(List<Race> races) {
        double shortest = Double.POSITIVE_INFINITY;
        double longest = 0;
        for (Race r : races) {
            double[] t = r.seconds();
            if (t.length > 0 && t[t.length - 1] > 0) {
                shortest = Math.min(shortest, t[t.length - 1]);
                longest = Math.max(longest, t[t.length - 1]);
            }
        }
        return longest > 10 * shortest;
    }

    private static String table(List<Race> races) {
        MarkdownTable t = new MarkdownTable("method", "family", "passes", "wall time (s)", "training loss",
                "test accuracy", "stopped by");
        for (Race r : races) {
            int last = r.loss().length - 1;
            t.row(r.label(), r.family(), String.format(Locale.ROOT, "%.1f", r.passes()[last]),
                    String.format(Locale.ROOT, "%.2f", r.seconds()[last]), MarkdownTable.number(r.finalLoss()),
                    String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy()), r.stop());
        }
        return t.text();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}

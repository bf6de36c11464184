package dev.descent.lab;

import dev.descent.backend.Backend;
import dev.descent.data.ClassificationData;
import dev.descent.kernel.Activation;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.network.TorchInit;
import dev.descent.objective.MiniBatchSampler;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * Experiment 6, generalisation (Wilson, Roelofs, Stern, Srebro &amp; Recht, "The Marginal Value of
 * Adaptive Gradient Methods in Machine Learning", NIPS 2017): (a) their constructed linear problem of
 * §3.3 ({@link WilsonConstruction}), on which AdaGrad, RMSprop and Adam from zero fit the training set
 * with a solution that calls every new point positive, while gradient descent (and Nesterov's
 * momentum) finds the minimum-norm solution, which classifies new points correctly; (b) the train and
 * test accuracy of Adam against SGD with Nesterov momentum on the multilayer network on Fashion-MNIST.
 *
 * <p>Both parts are plain loops over the public API: an {@link Optimizer} stepping on the gradient the
 * objective writes, full batch in (a) (the setting of §3.3's lemma), mini-batches from a seeded
 * {@link MiniBatchSampler} in (b).
 *
 * @param settings the sizes
 */
public record Generalisation(Settings settings) implements Experiment {

    /** The paper, for the claims. */
    static final String WILSON = "Wilson, Roelofs, Stern, Srebro & Recht, \"The Marginal Value of Adaptive Gradient"
            + " Methods in Machine Learning\", NIPS 2017";

    /**
     * The sizes of both parts.
     *
     * @param n training examples of the construction
     * @param nTest its test examples
     * @param p the probability of the positive class, in (1/2, 1)
     * @param steps full-batch steps per method on it
     * @param trainRows training examples of the network part (Fashion-MNIST's first ones)
     * @param hidden the network's hidden widths
     * @param epochs epochs per method
     * @param batch the mini-batch size
     * @param quick synthetic data for the network part instead of Fashion-MNIST
     */
    public record Settings(int n, int nTest, double p, int steps, int trainRows, int[] hidden, int epochs, int batch,
            boolean quick) {

        public Settings {
            if (steps < 1 || trainRows < 1 || epochs < 1 || batch < 1 || hidden.length == 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "generalisation: steps = %d, training rows"
                        + " = %d, epochs = %d, batch = %d and %d hidden layers must all be ≥ 1", steps, trainRows, epochs,
                        batch, hidden.length));
            }
            hidden = hidden.clone();
        }
    }

    /** The full run's sizes. */
    public static Settings full() {
        return new Settings(50, 2000, 0.6, 1000, 60_000, new int[] {256}, 20, 128, false);
    }

    /** The quick run's: a smaller construction, synthetic data for the network. */
    public static Settings quick() {
        return new Settings(30, 300, 0.6, 400, 1000, new int[] {64}, 10, 50, true);
    }

    /** The experiment with {@link #full()} sizes, or {@link #quick()} ones when the run asks for them. */
    public Generalisation() {
        this(null);
    }

    @Override
    public String name() {
        return "generalisation";
    }

    @Override
    public String title() {
        return "Adaptive methods and generalisation (Wilson et al. 2017)";
    }

    /** A method of part (a): its label, its settings, and whether it is one of the adaptive ones. */
    public record Method(String label, OptimizerSpec spec, boolean adaptive) {
    }

    /** The methods of part (a), torch's defaults but the learning rates (chosen for a stable decrease on this problem). */
    public static List<Method> constructionMethods() {
        return List.of(new Method("SGD", OptimizerSpecs.fromHyper("sgd", Map.of("lr", 0.5)), false),
                new Method("SGD + Nesterov", OptimizerSpecs.fromHyper("sgd", Map.of("lr", 0.1, "momentum", 0.9,
                        "nesterov", true)), false),
                new Method("AdaGrad", OptimizerSpecs.fromHyper("adagrad", Map.of("lr", 0.1)), true),
                new Method("RMSprop", OptimizerSpecs.fromHyper("rmsprop", Map.of("lr", 0.01)), true),
                new Method("Adam", OptimizerSpecs.fromHyper("adam", Map.of("lr", 0.01)), true));
    }

    /**
     * One method's run on the construction: per step (the start included) the training loss and the
     * training and test errors, and the final weights.
     */
    public record ConstructionRun(String label, boolean adaptive, double[] trainLoss, double[] trainError,
            double[] testError, double[] weights) {

        /** The last recorded value of {@code series}. */
        static double last(double[] series) {
            return series[series.length - 1];
        }
    }

    /** {@code method} for {@code steps} full-batch steps from zero on {@code problem}, on {@code backend} in float32. */
    public static ConstructionRun fit(Backend backend, WilsonConstruction problem, Method method, int steps) {
        int d = problem.dimension();
        double[] loss = new double[steps + 1];
        double[] trainError = new double[steps + 1];
        double[] testError = new double[steps + 1];
        double[] w = new double[d];
        try (Tensor x = backend.allocate("wilson.w", DType.FLOAT32, d);
                Tensor g = backend.allocate("wilson.g", DType.FLOAT32, d);
                Optimizer opt = Optimizer.of(backend, method.spec(), new Parameter(x, g))) {
            x.copyFrom(problem.startingValues());
            for (int k = 0; ; k++) {
                loss[k] = problem.valueAndGradient(x, g);
                x.copyTo(w);
                trainError[k] = problem.trainError(w);
                testError[k] = problem.testError(w);
                if (k == steps) {
                    break;
                }
                opt.step(loss[k]);
            }
        }
        return new ConstructionRun(method.label(), method.adaptive(), loss, trainError, testError, w);
    }

    /** Every method of {@link #constructionMethods()} on {@code problem}. */
    public static List<ConstructionRun> construction(Backend backend, WilsonConstruction problem, int steps) {
        List<ConstructionRun> runs = new ArrayList<>();
        for (Method m : constructionMethods()) {
            runs.add(fit(backend, problem, m, steps));
        }
        return runs;
    }

    /** Claim (a1): the adaptive methods fit the training set and misclassify the new negatives. */
    static Claim adaptiveClaim(WilsonConstruction problem, List<ConstructionRun> runs, String figure) {
        double negatives = 0;
        for (int y : problem.testLabels()) {
            negatives += y < 0 ? 1 : 0;
        }
        negatives /= problem.testLabels().length;
        boolean holds = true;
        StringBuilder m = new StringBuilder(String.format(Locale.ROOT, "share of negative test points %.3f; ",
                negatives));
        double[] u = problem.signOfXty();
        for (ConstructionRun r : runs) {
            if (!r.adaptive()) {
                continue;
            }
            double train = ConstructionRun.last(r.trainError());
            double test = ConstructionRun.last(r.testError());
            holds &= train == 0 && Math.abs(test - negatives) <= 0.02;
            m.append(String.format(Locale.ROOT, "%s: train error %.3f, test error %.3f, cos(w, sign(Xᵀy)) %.4f; ",
                    r.label(), train, test, cosine(r.weights(), u)));
        }
        return new Claim("AdaGrad, RMSprop and Adam, started at zero, reach zero training error on the §3.3"
                + " construction with a solution proportional to sign(Xᵀy) that classifies every new point as positive:"
                + " their test error is the share of negative points (within 0.02)", WILSON + ", §3.3 and Lemma 3.1",
                m.substring(0, m.length() - 2), holds, figure);
    }

    /** Claim (a2): gradient descent finds the minimum-norm solution, with zero test error. */
    static Claim sgdClaim(WilsonConstruction problem, List<ConstructionRun> runs, String figure) {
        double[] minimumNorm = problem.minimumNormSolution();
        boolean holds = true;
        StringBuilder m = new StringBuilder(String.format(Locale.ROOT, "minimum-norm solution: test error %.3f; ",
                problem.testError(minimumNorm)));
        for (ConstructionRun r : runs) {
            if (r.adaptive()) {
                continue;
            }
            double distance = distance(r.weights(), minimumNorm) / norm(minimumNorm);
            double train = ConstructionRun.last(r.trainError());
            double test = ConstructionRun.last(r.testError());
            holds &= train == 0 && test == 0 && distance <= 0.01;
            m.append(String.format(Locale.ROOT, "%s: train error %.3f, test error %.3f, ‖w − w_min‖/‖w_min‖ %.2e; ",
                    r.label(), train, test, distance));
        }
        return new Claim("Gradient descent (SGD and its momentum variants) from zero converges to the minimum-norm"
                + " solution (within 1% here), which has zero test error on the §3.3 construction", WILSON
                + ", §3.3", m.substring(0, m.length() - 2), holds, figure);
    }

    /**
     * One method's run on the network: per epoch (the start included) the training and test loss and
     * accuracy.
     */
    public record NetworkRun(String label, double[] trainLoss, double[] testLoss, double[] trainAccuracy,
            double[] testAccuracy) {

        /** Training minus test accuracy after the last epoch. */
        public double gap() {
            return ConstructionRun.last(trainAccuracy) - ConstructionRun.last(testAccuracy);
        }
    }

    /** Adam and SGD with Nesterov momentum as the network part trains them (torch's Adam; SGD's rate the usual 0.05). */
    public static List<Method> networkMethods() {
        return List.of(new Method("Adam", OptimizerSpecs.fromHyper("adam", Map.of("lr", 1e-3)), true),
                new Method("SGD + Nesterov", OptimizerSpecs.fromHyper("sgd", Map.of("lr", 0.05, "momentum", 0.9,
                        "nesterov", true)), false));
    }

    /**
     * {@code method} training {@code net} from torch's initialisation with {@code seed}, for {@code epochs}
     * epochs of mini-batches of {@code batch} drawn from {@code seed}, on {@code backend} in float32.
     */
    public static NetworkRun train(Backend backend, NetworkSpec spec, LabData data, Method method, int epochs, int batch,
            long seed) {
        double[] trainLoss = new double[epochs + 1];
        double[] testLoss = new double[epochs + 1];
        double[] trainAccuracy = new double[epochs + 1];
        double[] testAccuracy = new double[epochs + 1];
        MultilayerPerceptron net = MultilayerPerceptron.classifier(spec, data.train());
        try (net; Tensor x = backend.allocate("mlp.x", DType.FLOAT32, net.dimension());
                Tensor g = backend.allocate("mlp.g", DType.FLOAT32, net.dimension());
                Optimizer opt = Optimizer.of(backend, method.spec(), new Parameter(x, g))) {
            x.copyFrom(TorchInit.initialize(spec, seed));
            MiniBatchSampler sampler = net.sampler(Math.min(batch, data.train().rows()), seed);
            for (int e = 0; ; e++) {
                trainLoss[e] = net.loss(x, data.train());
                testLoss[e] = net.loss(x, data.test());
                trainAccuracy[e] = net.accuracy(x, data.train());
                testAccuracy[e] = net.accuracy(x, data.test());
                if (e == epochs) {
                    break;
                }
                for (int j = 0; j < sampler.batchesPerEpoch(); j++) {
                    opt.step(net.batchValueAndGradient(x, sampler.next(), g));
                }
            }
        }
        return new NetworkRun(method.label(), trainLoss, testLoss, trainAccuracy, testAccuracy);
    }

    /** Claim (b): Adam's test accuracy is below SGD + Nesterov's. */
    static Claim networkClaim(List<NetworkRun> runs, String data, String figure) {
        NetworkRun adam = runs.get(0);
        NetworkRun sgd = runs.get(1);
        double adamTest = ConstructionRun.last(adam.testAccuracy());
        double sgdTest = ConstructionRun.last(sgd.testAccuracy());
        String measured = String.format(Locale.ROOT, "on %s after %d epochs: Adam train %.2f%% / test %.2f%% (gap %.2f"
                + " points), SGD + Nesterov train %.2f%% / test %.2f%% (gap %.2f points)", data,
                adam.testAccuracy().length - 1, 100 * ConstructionRun.last(adam.trainAccuracy()), 100 * adamTest,
                100 * adam.gap(), 100 * ConstructionRun.last(sgd.trainAccuracy()), 100 * sgdTest, 100 * sgd.gap());
        return new Claim("On the multilayer network Adam generalises worse than SGD with Nesterov momentum: a lower"
                + " test accuracy after the same epochs", WILSON + ", §4 (the adaptive methods' worse test error on"
                + " real networks)", measured, adamTest < sgdTest, figure);
    }

    @Override
    public ExperimentResult run(LabRun run) throws IOException {
        Settings s = settings != null ? settings : run.quick() ? quick() : full();
        Path dir = run.directory(name());
        run.say(name() + ": the §3.3 construction, " + s.n() + " training examples, " + s.steps()
                + " steps per method");
        WilsonConstruction problem = WilsonConstruction.draw(s.n(), s.nTest(), s.p(), run.seed());
        List<ConstructionRun> construction = construction(run.backend(), problem, s.steps());
        XYChart loss = Plots.chart("§3.3 construction: training loss", "step", "training loss (mean squared error / 2)");
        Plots.logarithmicY(loss);
        XYChart testError = Plots.chart("§3.3 construction: test error", "step", "test error (%)");
        for (XYChart c : List.of(loss, testError)) {
            c.getStyler().setXAxisTickMarkSpacingHint(150); // hundreds of steps: fewer, wider labels
        }
        for (ConstructionRun r : construction) {
            double[] steps = Plots.steps(r.trainLoss().length);
            Plots.logLine(loss, r.label(), steps, r.trainLoss());
            Plots.line(testError, r.label(), steps, percent(r.testError()));
        }
        String constructionFigure = name() + "/construction.png";
        Plots.writePngAndSvg(List.of(loss, testError), 2, dir, "construction");

        LabData data = s.quick() ? synthetic(run.seed()) : LabData.fashionMnistOr(s.trainRows(), synthetic(run.seed()));
        int[] widths = new int[s.hidden().length + 2];
        widths[0] = data.train().cols();
        System.arraycopy(s.hidden(), 0, widths, 1, s.hidden().length);
        widths[widths.length - 1] = data.train().classes();
        NetworkSpec spec = new NetworkSpec(widths, Activation.RELU, Loss.CROSS_ENTROPY);
        List<NetworkRun> network = new ArrayList<>();
        for (Method m : networkMethods()) {
            run.say(name() + ": " + m.label() + " on the network " + spec.describe() + ", " + s.epochs()
                    + " epochs");
            network.add(train(run.backend(), spec, data, m, s.epochs(), s.batch(), run.seed()));
        }
        XYChart accuracy = Plots.chart("Network " + spec.describe() + ": accuracy", "epoch",
                "accuracy (%; dashed: test)");
        XYChart losses = Plots.chart("Network: cross-entropy", "epoch", "cross-entropy (nats; dashed: test)");
        Plots.logarithmicY(losses);
        for (int i = 0; i < network.size(); i++) {
            NetworkRun r = network.get(i);
            double[] epochs = Plots.steps(r.trainAccuracy().length);
            Color colour = NETWORK_COLOURS[i % NETWORK_COLOURS.length];
            Plots.line(accuracy, r.label() + ", train", epochs, percent(r.trainAccuracy())).setLineColor(colour);
            dashed(Plots.line(accuracy, r.label() + ", test", epochs, percent(r.testAccuracy())), colour);
            Plots.logLine(losses, r.label() + ", train", epochs, r.trainLoss()).setLineColor(colour);
            dashed(Plots.logLine(losses, r.label() + ", test", epochs, r.testLoss()), colour);
        }
        String networkFigure = name() + "/network.png";
        Plots.writePngAndSvg(List.of(accuracy, losses), 2, dir, "network");
        String table = constructionTable(problem, construction) + "\n" + networkTable(data, spec, network);
        return new ExperimentResult(name(), title(), table,
                List.of(constructionFigure, networkFigure),
                List.of(adaptiveClaim(problem, construction, constructionFigure),
                        sgdClaim(problem, construction, constructionFigure),
                        networkClaim(network, data.description(), networkFigure)));
    }

    /** The synthetic stand-in for Fashion-MNIST: 20 features, 4 classes, 20% label noise. */
    static LabData synthetic(long seed) {
        return LabData.synthetic(1000, 1000, 20, 4, 0.2, seed);
    }

    /** The network figure's colour per method: train solid, test dashed. */
    private static final Color[] NETWORK_COLOURS = {new Color(0xd62728), new Color(0x1f77b4)};

    private static void dashed(XYSeries series, Color colour) {
        series.setLineColor(colour);
        series.setLineStyle(SeriesLines.DASH_DASH);
    }

    private static String constructionTable(WilsonConstruction problem, List<ConstructionRun> runs) {
        MarkdownTable t = new MarkdownTable("method", "settings", "training loss", "train error", "test error");
        for (int i = 0; i < runs.size(); i++) {
            ConstructionRun r = runs.get(i);
            t.row(r.label(), OptimizerSpecs.hyper(constructionMethods().get(i).spec()),
                    MarkdownTable.number(ConstructionRun.last(r.trainLoss())),
                    MarkdownTable.number(ConstructionRun.last(r.trainError())),
                    MarkdownTable.number(ConstructionRun.last(r.testError())));
        }
        return String.format(Locale.ROOT, "§3.3 construction: %d training and %d test examples, %d features%n%n",
                problem.trainLabels().length, problem.testLabels().length, problem.dimension()) + t.text();
    }

    private static String networkTable(LabData data, NetworkSpec spec, List<NetworkRun> runs) {
        MarkdownTable t = new MarkdownTable("method", "settings", "train loss", "test loss", "train accuracy",
                "test accuracy", "gap");
        for (int i = 0; i < runs.size(); i++) {
            NetworkRun r = runs.get(i);
            t.row(r.label(), OptimizerSpecs.hyper(networkMethods().get(i).spec()),
                    MarkdownTable.number(ConstructionRun.last(r.trainLoss())),
                    MarkdownTable.number(ConstructionRun.last(r.testLoss())),
                    String.format(Locale.ROOT, "%.2f%%", 100 * ConstructionRun.last(r.trainAccuracy())),
                    String.format(Locale.ROOT, "%.2f%%", 100 * ConstructionRun.last(r.testAccuracy())),
                    String.format(Locale.ROOT, "%.2f points", 100 * r.gap()));
        }
        return "Network " + spec.describe() + " on " + data.description() + "\n\n" + t.text();
    }

    static double[] percent(double[] shares) {
        double[] p = new double[shares.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 100 * shares[i];
        }
        return p;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}

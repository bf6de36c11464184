package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one {@code descent train} run did, epoch by epoch, and how it prints: a summary or one JSON
 * line. Seconds count the training steps only (for a minimizer, its iterations), not the loss and
 * accuracy evaluated between epochs for the report.
 */
final class TrainReport {

    private final TrainSettings settings;
    private final TrainingSets sets;
    private String backend = "";
    private int threads = 1;
    private double[] epochLoss = new double[0];
    private double[] epochAccuracy = new double[0];
    private double[] epochSeconds = new double[0];
    private double seconds;
    private long examples;
    private long steps;
    private double trainLoss = Double.NaN;
    private double testAccuracy = Double.NaN;
    private String stop;
    private String divergence;
    private long resumedSteps = -1;
    private String schedule;
    private double lastGradNorm = Double.NaN;
    private double lossScale = Double.NaN;
    private long skippedSteps;
    private double curvatureFraction = Double.NaN;
    private int curvatureExamples;
    private long curvatureDraws;
    private double warmUpSeconds = Double.NaN;

    private TrainReport(TrainSettings settings, TrainingSets sets) {
        this.settings = settings;
        this.sets = sets;
    }

    /** An empty report of a run of {@code settings} on {@code sets}. */
    static TrainReport start(TrainSettings settings, TrainingSets sets) {
        return new TrainReport(settings, sets);
    }

    /** The backend and its thread count. */
    TrainReport withBackend(String name, int threadCount) {
        this.backend = name;
        this.threads = threadCount;
        return this;
    }

    /**
     * One more epoch: {@code seconds} of training over {@code examplesSeen} examples, {@code stepsSoFar}
     * steps in all, the epoch's mean mini-batch loss and the test accuracy after it (NaN: none).
     */
    TrainReport epoch(double epochSeconds, long examplesSeen, long stepsSoFar, double loss, double accuracy) {
        seconds += epochSeconds;
        examples += examplesSeen;
        steps = stepsSoFar;
        epochLoss = append(epochLoss, loss);
        epochAccuracy = append(epochAccuracy, accuracy);
        this.epochSeconds = append(this.epochSeconds, epochSeconds);
        return this;
    }

    /**
     * The seconds the run waited, before its clock started, for the JIT to compile the kernels on synthetic
     * data ({@link KernelWarmUp}); NaN: no warm-up (not the SIMD backend).
     */
    TrainReport warmUp(double seconds) {
        this.warmUpSeconds = seconds;
        return this;
    }

    /** The run continues a checkpointed one that had taken {@code steps} steps. */
    TrainReport resumedAt(long steps) {
        this.resumedSteps = steps;
        this.steps = steps;
        return this;
    }

    /** The learning-rate schedule, as resolved for the run ({@link TrainSchedule#text}). */
    TrainReport schedule(String text) {
        this.schedule = text;
        return this;
    }

    /** The gradients' total norm before clipping at the last step (NaN: no norm clipping). */
    TrainReport lastGradNorm(double norm) {
        this.lastGradNorm = norm;
        return this;
    }

    /** The loss scale at the end (NaN: no loss scaling) and the steps skipped for non-finite gradients. */
    TrainReport lossScaling(double scale, long skipped) {
        this.lossScale = scale;
        this.skippedSteps = skipped;
        return this;
    }

    /** hf's curvature sample: the fraction given, the examples in a sample and the samples drawn. */
    TrainReport curvatureSample(double fraction, int examples, long draws) {
        this.curvatureFraction = fraction;
        this.curvatureExamples = examples;
        this.curvatureDraws = draws;
        return this;
    }

    /** A minimizer's stop reason and its numbers. */
    TrainReport stopped(String reason, String detail) {
        this.stop = reason + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        return this;
    }

    /** The run ended on a non-finite loss, said by {@code why}. */
    TrainReport diverged(String why) {
        this.divergence = why;
        return this;
    }

    /** The final training loss (all training examples) and test accuracy. */
    TrainReport finish(double loss, double accuracy) {
        this.trainLoss = loss;
        this.testAccuracy = accuracy;
        return this;
    }

    boolean diverged() {
        return divergence != null;
    }

    double[] epochLoss() {
        return epochLoss.clone();
    }

    double[] epochAccuracy() {
        return epochAccuracy.clone();
    }

    String title() {
        return settings.optimizerName() + " on " + sets.name() + " (" + settings.layersText() + " "
                + settings.spec().activation().label() + ", " + settings.spec().loss().label() + "), " + backend;
    }

    private int epochs() {
        return epochLoss.length;
    }

    private double secondsPerEpoch() {
        return epochs() == 0 ? Double.NaN : seconds / epochs();
    }

    private double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : Double.NaN;
    }

    private String batch() {
        return TrainSettings.batchText(settings.batch());
    }

    /** The report as one JSON line. */
    String json() {
        ObjectNode o = Json.object();
        o.put("optimizer", settings.optimizerName());
        o.put("backend", backend);
        o.put("threads", threads);
        o.put("layers", settings.layersText());
        o.put("activation", settings.spec().activation().label());
        o.put("loss", settings.spec().loss().label());
        o.put("data", sets.name());
        o.put("train_examples", sets.train().rows());
        if (sets.test() != null) {
            o.put("test_examples", sets.test().rows());
        } else {
            o.putNull("test_examples");
        }
        o.put("epochs", epochs());
        o.put("batch", batch());
        o.put("steps", steps);
        Json.number(o, "train_loss", trainLoss);
        Json.number(o, "test_accuracy", testAccuracy);
        Json.number(o, "seconds", seconds);
        Json.number(o, "seconds_per_epoch", secondsPerEpoch());
        Json.number(o, "examples_per_s", examplesPerSecond());
        o.set("epoch_loss", Json.array(epochLoss));
        o.set("epoch_test_accuracy", Json.array(epochAccuracy));
        o.set("epoch_seconds", Json.array(epochSeconds));
        Json.number(o, "warm_up_seconds", warmUpSeconds);
        if (schedule != null) {
            o.put("lr_schedule", schedule);
            Json.number(o, "clip_grad_norm", settings.clipGradNorm());
            Json.number(o, "last_grad_norm", lastGradNorm);
            o.put("dtype", settings.precision().dtypeText());
            o.put("loss_scale", settings.precision().lossScale());
            Json.number(o, "final_loss_scale", lossScale);
            o.put("skipped_steps", skippedSteps);
        }
        if (!Double.isNaN(curvatureFraction)) {
            ObjectNode c = o.putObject("curvature_sample");
            c.put("fraction", curvatureFraction);
            c.put("examples", curvatureExamples);
            c.put("draws", curvatureDraws);
        }
        if (resumedSteps >= 0) {
            o.put("resumed_steps", resumedSteps);
        }
        if (stop != null) {
            o.put("stop", stop);
        }
        if (divergence != null) {
            o.put("diverged", divergence);
        }
        return Json.line(o);
    }

    /** What one entry of the per-epoch record is: a full-batch minimizer's iteration, or an epoch. */
    String unit() {
        return settings.minimizer() ? "iteration" : "epoch";
    }

    /** The report as a summary. */
    void printText(PrintStream out) {
        out.println(title());
        out.printf(Locale.ROOT, "  data           %d training examples, %s%n", sets.train().rows(),
                sets.test() == null ? "no test set" : sets.test().rows() + " test examples");
        out.printf(Locale.ROOT, "  training       %d %s%s, batch %s, %d steps%s%n", epochs(), unit(),
                epochs() == 1 ? "" : "s", batch(), steps,
                resumedSteps < 0 ? "" : " (resumed after step " + resumedSteps + ")");
        if (schedule != null && !settings.precision().equals(TrainPrecision.FLOAT32)) {
            out.printf(Locale.ROOT, "  precision      %s weights%s, loss scale %s%s%n", settings.precision().dtypeText(),
                    settings.precision().dtype().isLowPrecision() ? " with float32 master weights" : "",
                    settings.precision().lossScale(), Double.isNaN(lossScale) ? ""
                            : " (" + (float) lossScale + " at the end, " + skippedSteps + " step"
                            + (skippedSteps == 1 ? "" : "s") + " skipped)");
        }
        if (!Double.isNaN(curvatureFraction)) {
            out.printf(Locale.ROOT, "  curvature      Gauss-Newton products on %d examples (%s of them), %d sample%s drawn%n",
                    curvatureExamples, curvatureFraction, curvatureDraws, curvatureDraws == 1 ? "" : "s");
        }
        if (stop != null) {
            out.println("  stop           " + stop);
        }
        if (divergence != null) {
            out.println("  diverged       " + divergence);
        }
        out.printf(Locale.ROOT, "  train loss     %s%n", number(trainLoss, "%.4f"));
        out.printf(Locale.ROOT, "  test accuracy  %s%n",
                Double.isNaN(testAccuracy) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * testAccuracy));
        out.printf(Locale.ROOT, "  seconds        %s (%s per %s%s)%n", number(seconds, "%.2f"),
                number(secondsPerEpoch(), "%.3f"), unit(), laterEpochs());
        out.printf(Locale.ROOT, "  examples/s     %s%n", number(examplesPerSecond(), "%.0f"));
        if (warmUpSeconds > 0) {
            out.printf(Locale.ROOT, "  warm-up        %.2f s before the clock (the JIT compiling the kernels)%n",
                    warmUpSeconds);
        }
    }

    /**
     * The first epoch against the median of the later ones, when there are later ones: on the SIMD backend
     * the first epoch also pays for the JIT compiling the kernels (docs/benchmarks.md), which a long run
     * amortizes and a three-epoch one does not.
     */
    private String laterEpochs() {
        if (settings.minimizer() || epochSeconds.length < 2) {
            return "";
        }
        double[] later = Arrays.copyOfRange(epochSeconds, 1, epochSeconds.length);
        Arrays.sort(later);
        int h = later.length / 2;
        double median = later.length % 2 == 1 ? later[h] : (later[h - 1] + later[h]) / 2;
        return String.format(Locale.ROOT, "; the first %.3f, the later ones %.3f (median)", epochSeconds[0], median);
    }

    private static String number(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "-";
    }

    private static double[] append(double[] a, double v) {
        double[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}

package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.io.Safetensors;
import dev.descent.kernel.Activation;
import dev.descent.minimize.MiniBatchTraining;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.MinimizerSession;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.StopReason;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.network.TorchInit;
import dev.descent.objective.MiniBatchSampler;
import dev.descent.objective.Objective;
import dev.descent.objective.SampledCurvature;
import dev.descent.optim.Checkpointable;
import dev.descent.optim.GradScaler;
import dev.descent.optim.NonFiniteGradientException;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Vsgd;
import dev.descent.optim.Parameter;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import dev.descent.simd.SimdBackend;
import dev.descent.simd.SimdBackendProvider;
import dev.descent.spark.SparkTraining;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code descent train}: trains a multilayer perceptron ({@link MultilayerPerceptron}) on a data set
 * with a first-order optimizer on shuffled mini-batches, or with a full-batch minimizer, and reports
 * the training loss, the test accuracy and the time per epoch.
 */
final class TrainCommand implements Command {

    /** The default batch size of the first-order optimizers. */
    static final int DEFAULT_BATCH = 128;
    /** The default number of epochs. */
    static final int DEFAULT_EPOCHS = 3;
    /** The default iteration limit of the full-batch minimizers. */
    static final int DEFAULT_MINIMIZER_ITERATIONS = 100;

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String synopsis() {
        return "train --data fashion-mnist|FILE --layers N0,N1,...,NK [OPTIONS] | train --resume FILE [OPTIONS]";
    }

    @Override
    public String summary() {
        return "train a multilayer perceptron on a data set with an optimizer or a minimizer";
    }

    @Override
    public CommandModel model() {
        List<String> optimizers = new ArrayList<>(OptimizerSpecs.names());
        List<String> methods = new ArrayList<>(optimizers);
        methods.addAll(Minimizers.NAMES);
        return CommandModel.of(this).description("""
                Trains torch's nn.Sequential(Linear(n0, n1), act, ..., Linear(n(k-1), nk)) from torch's \
                default initialisation (or --init) and prints the training loss, the test accuracy, the \
                seconds, the seconds per epoch and the examples per second; a progress bar runs on \
                standard error meanwhile.

                First-order optimizers (%s) take a seeded shuffle of mini-batches per epoch; the \
                full-batch minimizers (%s) need --batch all and stop after --max-iter iterations (one \
                iteration counts as one epoch).

                --checkpoint FILE writes the weights, the optimizer's state and the run's settings after \
                every epoch (atomically: a crash leaves the previous one); --resume FILE continues that run \
                bit for bit — epoch e's shuffle derives from the seed and e alone — with the checkpoint's \
                settings for the options not given. A damaged checkpoint, or options that disagree with \
                it, are one line of bad input that changes no file."""
                        .formatted(String.join(", ", optimizers), String.join(", ", Minimizers.NAMES)))
                .file("data", "fashion-mnist|FILE", "the training data: fashion-mnist (Debian's dataset-fashion-mnist),"
                        + " a folder of IDX files laid out as it, IMAGES,LABELS (an IDX pair, plain or gzip), or a CSV"
                        + " file (features then a label per line) (required, but with --resume)")
                .file("test-data", "FILE", "the test data, as --data (default: the t10k files beside fashion-mnist's"
                        + " or a folder's training files; none for a pair or a CSV file)")
                .value("layers", "N0,...,NK", "the widths: inputs, hidden layers, outputs (required, but with --resume),"
                        + " e.g. 784,256,10")
                .choice("activation", "A", List.of("relu", "tanh", "sigmoid"), "the hidden layers' activation"
                        + " (default relu)")
                .choice("loss", "L", List.of("cross_entropy", "mse"), "cross_entropy (default) or mse on one-hot"
                        + " targets")
                .choice("optimizer", "NAME", methods, "the optimizer or minimizer (default adam)")
                .value("lr", "X", "the learning rate (default: torch's)")
                .value("hyper", "KEY=VALUE", "any torch-named hyper-parameter, repeatable (betas=0.9,0.99,"
                        + " nesterov=true)")
                .value("batch", "B|all", "examples per step (default " + DEFAULT_BATCH + "; all = full batch, which"
                        + " the minimizers need)")
                .value("epochs", "E", "passes over the training data (default " + DEFAULT_EPOCHS + ")")
                .value("max-iter", "K", "optimizers: at most K steps in all; minimizers: iterations (default "
                        + DEFAULT_MINIMIZER_ITERATIONS + ")")
                .value("train-examples", "N", "train on the first N examples only")
                .choice("backend", "NAME", BackendChoice.knownNameList(), "the backend (default: the best available)")
                .value("threads", "T", "the SIMD backend's threads (default: the machine's cores)")
                .value("lr-schedule", "NAME[:K=V,...]", "torch's schedulers, stepped per step: constant (default),"
                        + " cosine (t_max=the run's steps, eta_min=0, warmup=0 linear warm-up steps), cosine-restarts"
                        + " (t_0, t_mult=1, eta_min=0, warmup=0), onecycle (peak --lr; total_steps=the run's steps,"
                        + " pct_start=0.3, anneal_strategy=cos, cycle_momentum=true, base_momentum=0.85,"
                        + " max_momentum=0.95, div_factor=25, final_div_factor=1e4, three_phase=false), step"
                        + " (step_size, gamma=0.1), exponential (gamma); per epoch on its mean training loss: plateau"
                        + " (mode=min, factor=0.1, patience=10, threshold=1e-4, threshold_mode=rel, cooldown=0,"
                        + " min_lr=0, eps=1e-8)")
                .value("clip-grad-norm", "X", "clip the gradients' total 2-norm to X inside each step (torch's"
                        + " clip_grad_norm_ before optimizer.step())")
                .choice("dtype", "T", TrainPrecision.DTYPES, "the dtype of the weights and gradients (default f32);"
                        + " bf16 and f16 train with float32 master weights in the optimizer, the network computing in"
                        + " float32 from the weights widened")
                .value("loss-scale", "dynamic|none|S", "loss scaling: dynamic (torch's GradScaler: start at 2^16,"
                        + " skip a step with Inf/NaN gradients and halve, double after 2000 clean steps), none, or a"
                        + " fixed scale S (default dynamic for f16, none otherwise)")
                .value("seed", "S", "the seed of the initialisation and of the batch order (default 0)")
                .value("spark", "MASTER", "a full-batch minimizer on Apache Spark (cross_entropy): the training"
                        + " examples in a cached RDD, each gradient and Gauss-Newton product one pass (local[2],"
                        + " spark://host:7077, yarn, ...; Spark from $SPARK_HOME/jars or the build)")
                .value("partitions", "P", "with --spark: partitions of the training examples (default: Spark's)")
                .value("curvature-sample", "F", "hf: the Gauss-Newton products on a seeded sample of F (0 < F <= 1)"
                        + " of the training examples, a new one per iteration, the gradient on all of them (Martens"
                        + " 2010, section 4.3; default 1: every example)")
                .flag("json", "print one JSON line: optimizer, backend, threads, layers, activation, loss, epochs,"
                        + " batch, steps, train_loss, test_accuracy, seconds, seconds_per_epoch, examples_per_s,"
                        + " epoch_loss, epoch_test_accuracy, epoch_seconds, curvature_sample (hf), lr_schedule, clip_grad_norm, last_grad_norm, dtype, loss_scale,"
                        + " final_loss_scale, skipped_steps (and resumed_steps after --resume)")
                .file("plot", "FILE.png|.svg", "draw the training loss and the test accuracy per epoch (XChart)")
                .file("init", "FILE.safetensors", "start from these weights (torch's state_dict names and shapes;"
                        + " F32, F64, F16 or BF16)")
                .file("save", "FILE.safetensors", "write the trained weights (F32, torch's names and layout)")
                .file("checkpoint", "FILE", "after each epoch, write the weights, the optimizer's state and the"
                        + " run's settings to FILE (safetensors, replaced atomically; first-order optimizers)")
                .file("resume", "FILE", "continue the run checkpointed in FILE: its settings fill the options not"
                        + " given (those given must agree), --epochs and --max-iter count from its start")
                .footer("""
                        Exit status 0 when the training ran, 1 when the loss became non-finite, 2 for bad \
                        input (a missing or malformed file is one line naming it).""");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (!args.operands().isEmpty()) {
            throw new BadInputException("'train' takes no arguments besides options, got '"
                    + args.operands().getFirst() + "'");
        }
        TrainSettings settings = TrainSettings.of(args);
        double curvatureSample = curvatureSample(args, settings); // before the data is read: bad input fails fast
        if (args.has("partitions") && !args.has("spark")) {
            throw new BadInputException("--partitions applies only to a run on Spark (--spark MASTER)");
        }
        if (args.has("spark") && !settings.minimizer()) {
            throw new BadInputException("--spark trains with the full-batch minimizers (" + String.join(", ",
                    Minimizers.NAMES) + "), not the optimizer " + settings.optimizerName());
        }
        Backend backend = MinimizeCommand.backend(args.option("backend", null), "train");
        if (settings.threads() > 0 && backend.name().equals(SimdBackend.NAME)) {
            backend = new SimdBackend(settings.threads()); // exactly the threads asked, as descent bench does
        }
        KernelWarmUp warmUp = KernelWarmUp.start(backend, settings); // while the data is read
        TrainingSets sets = TrainingSets.load(settings.data(), args.option("test-data", null),
                settings.spec().outputs());
        if (settings.trainExamples() > 0) {
            sets = sets.firstExamples(settings.trainExamples());
        }
        if (settings.resume() != null && sets.train().rows() != settings.resume().trainExamples()) {
            throw new BadInputException("--resume " + settings.resume().file() + " was trained on "
                    + settings.resume().trainExamples() + " examples, but " + sets.name() + " gives "
                    + sets.train().rows());
        }
        NetworkSpec spec = settings.spec();
        if (sets.train().cols() != spec.inputs()) {
            throw new BadInputException("--layers " + settings.layersText() + " starts with " + spec.inputs()
                    + " inputs, but " + sets.name() + " has " + sets.train().cols() + " features per example");
        }
        if (settings.batch() > sets.train().rows()) {
            if (args.has("batch")) {
                throw new BadInputException("--batch " + settings.batch() + " is more than the " + sets.train().rows()
                        + " training examples");
            }
            settings = settings.withBatch(sets.train().rows()); // the default, clipped to a small data set
        }
        float[] start = initialWeights(args, spec, settings.seed());
        TrainReport report;
        try (MultilayerPerceptron mlp = spec.loss() == Loss.CROSS_ENTROPY
                        ? MultilayerPerceptron.classifier(spec, sets.train())
                        : MultilayerPerceptron.regression(spec, oneHot(sets.train()));
                Tensor x = backend.fromArray("weights", start)) {
            TrainProgress progress = new TrainProgress(err, ProgressLine.isTerminal(err), sets.train().rows());
            if (!args.has("spark")) {
                mlp.prepare(x); // the training examples copied to the backend before the clock starts
            }
            double warmUpSeconds = warmUp == null ? Double.NaN : warmUp.finish(plannedExamples(settings,
                    sets.train().rows()));
            try {
                report = settings.minimizer() && args.has("spark")
                        ? onSpark(args, settings, mlp, x, sets, progress.iterations(), err)
                        : settings.minimizer() ? minimize(settings, Double.isNaN(curvatureSample) ? mlp
                                : new SampledCurvature(mlp, curvatureSample, settings.seed()), mlp, x, sets,
                                progress.iterations())
                        : settings.optimizer() instanceof Vsgd ? vsgd(settings, mlp, x, sets, progress)
                        : epochs(settings, mlp, x, sets, backend, progress);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage()); // a limit of the method (newton's dense Hessian, ...)
            }
            report = report.withBackend(backend.name(), threads(backend, settings)).warmUp(warmUpSeconds);
            if (args.has("save")) {
                float[] trained = new float[spec.parameterCount()];
                x.copyTo(trained);
                save(Path.of(args.option("save", "")), spec, trained);
            }
        }
        if (args.flag("json")) {
            out.println(report.json());
        } else {
            report.printText(out);
        }
        if (settings.plot() != null) {
            TrainPlot.write(report, settings.plot());
        }
        return report.diverged() ? Main.FAILED : Main.OK;
    }

    /**
     * The training examples a run will go through at most: its steps times its batch, or its iterations
     * times the training set for a minimizer.
     */
    static long plannedExamples(TrainSettings s, int trainRows) {
        if (s.minimizer()) {
            return (long) s.maxIterations() * trainRows;
        }
        int batch = s.batch() == TrainSettings.ALL ? trainRows : s.batch(); // at most trainRows, checked before
        long steps = Math.min((long) s.epochs() * MiniBatchSampler.batchesPerEpoch(trainRows, batch), s.maxSteps());
        return steps * batch;
    }

    /**
     * Epochs of mini-batches, each a shuffle of the seed and the epoch; the loss and test accuracy
     * recorded after each, and the checkpoint written. The optimizer's parameters are the layers'
     * weights and biases under torch's names (views of {@code x}, or in bfloat16 and float16 of the
     * weights in that dtype, {@link TrainWeights}), so that its state is keyed as torch's
     * {@code state_dict()} names them; a resumed run starts at the checkpoint's step.
     */
    private static TrainReport epochs(TrainSettings s, MultilayerPerceptron mlp, Tensor x, TrainingSets sets,
            Backend backend, TrainProgress progress) throws BadInputException {
        int batch = s.batch() == TrainSettings.ALL ? sets.train().rows() : s.batch();
        TrainReport report = TrainReport.start(s, sets);
        try (TrainWeights w = TrainWeights.of(backend, s.precision().dtype(), x)) {
            List<Tensor> layers = w.parameters(mlp);
            List<Tensor> grads = w.gradients(mlp);
            Parameter[] params = new Parameter[layers.size()];
            for (int i = 0; i < params.length; i++) {
                params[i] = new Parameter(layers.get(i), grads.get(i));
            }
            int perEpoch = mlp.sampler(batch, s.seed()).batchesPerEpoch();
            long runSteps = Math.min(s.maxSteps(), (long) s.epochs() * perEpoch);
            TrainSchedule schedule = s.schedule().resolve(runSteps);
            schedule.requireCovers(runSteps);
            if (s.resume() != null && !schedule.text().equals(s.resume().schedule().text())) {
                throw new BadInputException("--resume " + s.resume().file() + " was trained with --lr-schedule "
                        + s.resume().schedule().text() + ", not " + schedule.text()
                        + " (leave --lr-schedule out to continue with the checkpoint's)");
            }
            Optimizer.Builder builder = Optimizer.builder(backend)
                    .group(schedule.applyTo(ParamGroup.of(s.optimizer(), params)));
            if (!Double.isNaN(s.clipGradNorm())) {
                builder.clipGradNorm(s.clipGradNorm());
            }
            builder.masterWeights(s.precision().dtype().isLowPrecision()); // float32 master weights for bf16, f16
            GradScaler scaler = s.precision().newScaler();
            if (scaler != null) {
                builder.gradScaler(scaler);
            }
            try (Optimizer opt = builder.build()) {
                return epochs(s, mlp, x, w, sets, opt, layers, batch, schedule, report.schedule(schedule.text()),
                        progress);
            }
        }
    }

    private static TrainReport epochs(TrainSettings s, MultilayerPerceptron mlp, Tensor x, TrainWeights w, TrainingSets sets,
            Optimizer opt, List<Tensor> layers, int batch, TrainSchedule schedule, TrainReport report,
            TrainProgress progress) throws BadInputException {
        int perEpoch = mlp.sampler(batch, s.seed()).batchesPerEpoch();
        ReduceLrOnPlateau plateau = schedule.plateau(opt);
        Checkpointable[] others = plateau == null ? new Checkpointable[0] : new Checkpointable[] {plateau};
        long steps = 0;
        double carriedSum = 0; // a run checkpointed within an epoch: the loss sum and examples of the epoch so far
        long carried = 0;
        if (s.resume() != null) {
            s.resume().restore(opt, layers, s.optimizerGiven(), plateau != null, others);
            w.widen();
            steps = s.resume().steps();
            carriedSum = s.resume().epochLossSum();
            carried = s.resume().epochExamples();
            report = report.resumedAt(steps);
        }
        int first = Math.toIntExact(steps / perEpoch); // the epoch, from 0, of the next step
        if (s.resume() != null && (first >= s.epochs() || steps >= s.maxSteps())) {
            throw new BadInputException("--resume " + s.resume().file() + " has taken " + steps + " steps (" + first
                    + " epoch" + (first == 1 ? "" : "s") + "): nothing is left of --epochs " + s.epochs()
                    + (s.maxSteps() < Long.MAX_VALUE ? " and --max-iter " + s.maxSteps() : "") + "; ask for more");
        }
        MiniBatchSampler sampler = mlp.sampler(batch, s.seed(), first);
        for (long j = steps % perEpoch; j > 0; j--) {
            sampler.next(); // a run checkpointed within an epoch (--max-iter) continues with the epoch's next batch
        }
        for (int epoch = first + 1; epoch <= s.epochs() && steps < s.maxSteps(); epoch++) {
            long t0 = System.nanoTime();
            double sum = carriedSum;
            long seen = carried;
            int examples = 0;
            carriedSum = 0;
            carried = 0;
            for (int j = Math.toIntExact(steps % perEpoch); j < perEpoch && steps < s.maxSteps(); j++) {
                int[] b = sampler.next();
                double loss = w.batch(mlp, b, opt.gradScaler().map(GradScaler::scale).orElse(1f));
                if (!Double.isFinite(loss)) {
                    return report.diverged("the mini-batch loss became " + loss + " at step " + (steps + 1)
                            + " (epoch " + epoch + "); try a smaller --lr");
                }
                try {
                    opt.step(loss);
                } catch (NonFiniteGradientException e) {
                    return report.diverged(e.getMessage() + " at step " + (steps + 1) + " (epoch " + epoch
                            + "); try a smaller --lr");
                }
                steps++;
                sum += loss * b.length;
                seen += b.length;
                examples += b.length;
                progress.batch(epoch, s.epochs(), examples, sum / seen, System.nanoTime() - t0);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            w.widen(); // the float32 point the network evaluates, at the weights of the last step
            report = report.epoch(seconds, examples, steps, sum / seen, accuracy(mlp, x, sets))
                    .lastGradNorm(opt.lastGradNorm())
                    .lossScaling(opt.gradScaler().map(GradScaler::scale).orElse(Float.NaN), opt.skippedSteps());
            progress.epochDone(epoch, s.epochs(), examples / seconds, sum / seen);
            boolean whole = steps % perEpoch == 0;
            if (plateau != null && whole) {
                plateau.step(sum / seen); // torch's scheduler.step(loss) after each epoch
            }
            if (s.checkpoint() != null) {
                TrainCheckpoint.write(s.checkpoint(), s, schedule, sets.train().rows(), steps, whole ? 0 : sum,
                        whole ? 0 : seen, opt, layers, others);
            }
        }
        return report.finish(finalLoss(mlp, x, sets), accuracy(mlp, x, sets));
    }

    /**
     * vSGD (Schaul, Zhang &amp; LeCun 2013) in epochs of mini-batches through {@link MiniBatchTraining},
     * which fills the inputs it takes before each step: the network's bbprop curvature on the batch
     * (vSGD-l) or a finite difference of the batch's gradients ({@code --hyper variant=fd}), and, for
     * batches of more than one example, their per-example squared gradients. The loss recorded per
     * epoch is the training loss after it.
     */
    private static TrainReport vsgd(TrainSettings s, MultilayerPerceptron mlp, Tensor x, TrainingSets sets,
            TrainProgress progress) {
        int batch = s.batch() == TrainSettings.ALL ? sets.train().rows() : s.batch();
        return sessionRun(MiniBatchTraining.of(s.optimizer(), batch, s.epochs(), s.seed()), s.epochs(), false, s, mlp,
                mlp, x, sets, progress);
    }

    /**
     * A minimizer's iterations on the full batch of {@code objective} (the network's loss, here or on
     * Spark), one per entry of the record, up to --max-iter; {@code mlp} measures the test accuracy.
     */
    private static TrainReport minimize(TrainSettings s, Objective objective, MultilayerPerceptron mlp, Tensor x,
            TrainingSets sets, TrainProgress progress) {
        Minimizer m = Minimizers.create(s.optimizerName(),
                Minimizers.create(s.optimizerName()).stopping().withMaxIterations(s.maxIterations()));
        TrainReport report = sessionRun(m, s.maxIterations(), true, s, objective, mlp, x, sets, progress);
        return objective instanceof SampledCurvature c ? report.curvatureSample(c.fraction(), c.sampleSize(), c.draws())
                : report;
    }

    /**
     * {@code --curvature-sample F}: the fraction of the training examples hf's Gauss–Newton products read
     * ({@link SampledCurvature}), NaN when not given; refused for any other method, on Spark and outside
     * (0, 1].
     */
    private static double curvatureSample(Arguments args, TrainSettings s) throws BadInputException {
        if (!args.has("curvature-sample")) {
            return Double.NaN;
        }
        if (!s.optimizerName().equals("hf")) {
            throw new BadInputException("--curvature-sample applies only to hf (its Gauss-Newton products), not to "
                    + s.optimizerName());
        }
        if (args.has("spark")) {
            throw new BadInputException("--curvature-sample is for hf on one machine; train --spark computes the"
                    + " curvature over every example");
        }
        double fraction = MinimizeCommand.number(args, "curvature-sample");
        if (!(fraction > 0 && fraction <= 1)) {
            throw new BadInputException("--curvature-sample must be a fraction in (0, 1] of the training examples, got '"
                    + args.option("curvature-sample", "").strip() + "'");
        }
        return fraction;
    }

    /**
     * {@code --spark MASTER}: the minimizer on the driver, the loss over the training examples on Spark
     * ({@link SparkTraining}); a line on stderr says what Spark did.
     */
    private static TrainReport onSpark(Arguments args, TrainSettings s, MultilayerPerceptron mlp, Tensor x,
            TrainingSets sets, TrainProgress progress, PrintStream err) throws BadInputException {
        String master = SparkRun.master(args);
        if (mlp.spec().loss() != Loss.CROSS_ENTROPY) {
            throw new BadInputException("--spark trains a classifier with --loss cross_entropy, not "
                    + mlp.spec().loss().label());
        }
        int partitions = SparkRun.partitions(args);
        return SparkRun.guarded(() -> SparkTraining.withNetwork(master, mlp.spec(), sets.train(), partitions,
                network -> {
                    TrainReport report = minimize(s, network, mlp, x, sets, progress);
                    err.printf(Locale.ROOT, "spark: %s, %d examples in %d partitions, %d passes over them, %d bytes"
                            + " broadcast%n", master, network.exampleCount(), network.partitionCount(),
                            network.passes(), network.bytesBroadcast());
                    return report;
                }));
    }

    /**
     * The steps of {@code m}'s session (an iteration, or an epoch of mini-batches), each recorded with
     * the value after it and the test accuracy, up to {@code total}; the stop reason reported when
     * {@code stopLine}.
     */
    private static TrainReport sessionRun(Minimizer m, int total, boolean stopLine, TrainSettings s,
            Objective objective, MultilayerPerceptron mlp, Tensor x, TrainingSets sets, TrainProgress progress) {
        TrainReport report = TrainReport.start(s, sets);
        int rows = sets.train().rows();
        MinimizeResult result;
        try (MinimizerSession session = m.start(objective, x, false)) {
            while (true) {
                long t0 = System.nanoTime();
                Optional<MinimizeResult> r = session.step();
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (r.isPresent()) {
                    result = r.get();
                    break;
                }
                report = report.epoch(seconds, rows, session.iterations(), session.value(), accuracy(mlp, x, sets));
                progress.epochDone(report.epochLoss().length, total, rows / seconds, session.value());
            }
        }
        if (result.stopReason() == StopReason.NON_FINITE) {
            return report.diverged(result.stopDetail());
        }
        if (stopLine) {
            report = report.stopped(result.stopReason().label(), result.stopDetail());
        }
        return report.finish(finalLoss(mlp, x, sets), accuracy(mlp, x, sets));
    }

    private static double accuracy(MultilayerPerceptron mlp, Tensor x, TrainingSets sets) {
        return sets.test() == null || mlp.spec().loss() != Loss.CROSS_ENTROPY ? Double.NaN
                : mlp.accuracy(x, sets.test());
    }

    private static double finalLoss(MultilayerPerceptron mlp, Tensor x, TrainingSets sets) {
        return mlp.spec().loss() == Loss.CROSS_ENTROPY ? mlp.loss(x, sets.train()) : mlp.loss(x, oneHot(sets.train()));
    }

    /** Class labels as one-hot target vectors, for the mse loss. */
    static RegressionData oneHot(ClassificationData d) {
        float[] targets = new float[Math.multiplyExact(d.rows(), d.classes())];
        for (int i = 0; i < d.rows(); i++) {
            targets[i * d.classes() + d.labels()[i]] = 1;
        }
        return new RegressionData(d.rows(), d.cols(), d.classes(), d.features(), targets);
    }

    private static float[] initialWeights(Arguments args, NetworkSpec spec, long seed) throws BadInputException {
        if (args.has("init")) {
            try {
                return Safetensors.readFlat(Path.of(args.option("init", "")), spec.parameterNames(), shapes(spec));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new BadInputException("--init " + e.getMessage());
            }
        }
        double[] w = TorchInit.initialize(spec, seed);
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = (float) w[i];
        }
        return out;
    }

    private static void save(Path file, NetworkSpec spec, float[] weights) throws BadInputException {
        try {
            Safetensors.writeFlat(file, spec.parameterNames(), shapes(spec), weights);
        } catch (UncheckedIOException e) {
            throw new BadInputException("--save: " + e.getMessage());
        }
    }

    /** The network's tensor shapes as safetensors lists them. */
    static List<int[]> shapes(NetworkSpec spec) {
        List<int[]> out = new ArrayList<>();
        for (long[] s : spec.parameterShapes()) {
            int[] d = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                d[i] = Math.toIntExact(s[i]);
            }
            out.add(d);
        }
        return out;
    }

    /** The threads a step may use: the SIMD backend's (as asked, or its default), 1 for the others. */
    private static int threads(Backend backend, TrainSettings s) {
        if (!backend.name().equals(SimdBackend.NAME)) {
            return 1;
        }
        return s.threads() > 0 ? s.threads() : Integer.getInteger(SimdBackendProvider.THREADS_PROPERTY,
                Runtime.getRuntime().availableProcessors());
    }
}

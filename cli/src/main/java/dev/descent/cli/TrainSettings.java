package dev.descent.cli;

import dev.descent.kernel.Activation;
import dev.descent.lab.Plots;
import dev.descent.minimize.Minimizers;
import dev.descent.network.Loss;
import dev.descent.network.NetworkSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.tensor.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.Locale;

/**
 * The options of {@code descent train}, checked before any data is read: the network, the method
 * (a first-order optimizer with its hyper-parameters, or a full-batch minimizer, which refuses a
 * batch other than {@code all}), the batch, the epochs and limits, the seed, the output files.
 *
 * @param data the {@code --data} value
 * @param spec the network
 * @param layersText the {@code --layers} value as given
 * @param optimizerName the optimizer's or minimizer's name
 * @param optimizer the first-order optimizer's spec, or null for a minimizer
 * @param batch examples per step, or {@link #ALL}
 * @param epochs passes over the data (first-order optimizers)
 * @param maxSteps the most optimizer steps in all (first-order optimizers; {@link Long#MAX_VALUE}: no limit)
 * @param maxIterations the minimizer's iteration limit
 * @param trainExamples train on the first this many examples (0: all)
 * @param threads the SIMD backend's threads (0: its default)
 * @param seed the seed of the initialisation and of the batch order
 * @param plot the {@code --plot} file, or null
 * @param checkpoint the {@code --checkpoint} file, or null
 * @param resume the checkpoint of {@code --resume}, or null
 * @param schedule the learning-rate schedule, as given (resolved for the run by {@link TrainSchedule#resolve})
 * @param clipGradNorm the {@code --clip-grad-norm} bound, or NaN for no clipping
 * @param optimizerGiven whether the command line gave the optimizer or its hyper-parameters (on a resumed run,
 *     they must then equal the checkpoint's; else the checkpoint's are taken)
 * @param precision the dtype of the weights and gradients and the loss scaling ({@code --dtype}, {@code --loss-scale})
 */
record TrainSettings(String data, NetworkSpec spec, String layersText, String optimizerName, OptimizerSpec optimizer,
        int batch, int epochs, long maxSteps, int maxIterations, int trainExamples, int threads, long seed, Path plot,
        Path checkpoint, TrainCheckpoint resume, TrainSchedule schedule, double clipGradNorm,
        boolean optimizerGiven, TrainPrecision precision) {

    /** vSGD, which trains through MiniBatchTraining: it takes curvature inputs before every step. */
    static final String VSGD = "vsgd";

    /** The batch size that means every example. */
    static final int ALL = 0;

    /** Whether the method is a full-batch minimizer. */
    boolean minimizer() {
        return optimizer == null;
    }

    /** A batch size as the command line spells it: {@code all} or the number. */
    static String batchText(int size) {
        return size == ALL ? "all" : Integer.toString(size);
    }

    /** These settings with {@code size} examples per step. */
    TrainSettings withBatch(int size) {
        return new TrainSettings(data, spec, layersText, optimizerName, optimizer, size, epochs, maxSteps, maxIterations,
                trainExamples, threads, seed, plot, checkpoint, resume, schedule, clipGradNorm, optimizerGiven,
                precision);
    }

    /**
     * The settings of {@code args}; a missing, malformed or contradictory option is bad input. With
     * {@code --resume}, the checkpoint's settings fill the options not given, and those given must
     * agree with them.
     */
    static TrainSettings of(Arguments args) throws BadInputException {
        TrainCheckpoint resume = args.has("resume") ? TrainCheckpoint.read(Path.of(args.option("resume", ""))) : null;
        TrainSettings s = of(args, resume);
        if (resume != null) {
            s.agreeWith(args, resume);
        }
        return s;
    }

    private static TrainSettings of(Arguments args, TrainCheckpoint resume) throws BadInputException {
        boolean resumed = resume != null;
        String data = args.option("data", resumed ? resume.data() : null);
        if (data == null || data.isBlank()) {
            throw new BadInputException("train needs --data fashion-mnist|FILE (see descent help train)");
        }
        String layersText = args.option("layers", resumed ? resume.layers() : null);
        if (layersText == null) {
            throw new BadInputException("train needs --layers N0,N1,...,NK (e.g. 784,256,10)");
        }
        String activation = args.option("activation", resumed ? resume.spec().activation().label() : "relu");
        String loss = args.option("loss", resumed ? resume.spec().loss().label() : "cross_entropy");
        NetworkSpec spec;
        try {
            spec = new NetworkSpec(NetworkSpec.parseLayers(layersText),
                    Activation.of(activation.strip().toLowerCase(Locale.ROOT)),
                    Loss.of(loss.strip().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        String name = args.option("optimizer", resumed ? resume.optimizer() : "adam").strip().toLowerCase(Locale.ROOT);
        boolean minimizer = Minimizers.NAMES.contains(name);
        if (!minimizer && !OptimizerSpecs.names().contains(name)) {
            throw new BadInputException("unknown --optimizer '" + name + "' (optimizers: "
                    + String.join(", ", OptimizerSpecs.names()) + "; full-batch minimizers: "
                    + String.join(", ", Minimizers.NAMES) + ")");
        }
        if (name.equals(VSGD)) {
            for (String o : new String[] {"lr-schedule", "clip-grad-norm", "checkpoint", "resume", "max-iter"}) {
                if (args.has(o)) {
                    throw new BadInputException("--" + o + " does not apply to vsgd, which sets its own rates from"
                            + " the network's curvature and runs whole epochs (its state is not checkpointed)");
                }
            }
        }
        if ((minimizer || name.equals(VSGD)) && (args.has("loss-scale")
                || args.has("dtype") && TrainPrecision.dtype(args.option("dtype", "")) != DType.FLOAT32)) {
            throw new BadInputException("--" + (args.has("loss-scale") ? "loss-scale" : "dtype " + args.option("dtype", ""))
                    + " applies to the first-order optimizers, not to " + name + " (the full-batch minimizers and"
                    + " vsgd run in float32)");
        }
        String batchText = args.option("batch", minimizer ? "all" : Integer.toString(TrainCommand.DEFAULT_BATCH));
        int batch = batchText.strip().equalsIgnoreCase("all") ? ALL
                : args.has("batch") ? MinimizeCommand.positiveInt(args, "batch")
                : resumed ? resume.batch() : TrainCommand.DEFAULT_BATCH;
        OptimizerSpec optimizer = null;
        if (minimizer) {
            if (batch != ALL) {
                throw new BadInputException(name + " is a full-batch method: it needs the whole batch (--batch all),"
                        + " not --batch " + batchText.strip() + "; its iterations assume one fixed objective, which a"
                        + " new mini-batch at every step would change");
            }
            for (String o : new String[] {"lr", "hyper", "epochs", "lr-schedule", "clip-grad-norm", "checkpoint",
                "resume"}) {
                if (args.has(o)) {
                    throw new BadInputException("--" + o + " applies to the first-order optimizers, not to " + name
                            + (o.equals("checkpoint") || o.equals("resume")
                                    ? " (a full-batch minimizer's state, its curvature history, is not checkpointed)"
                                    : " (give --max-iter for its iterations)"));
                }
            }
        } else if (name.equals(VSGD) && args.all("hyper").stream().noneMatch(h -> h.strip().startsWith("variant"))) {
            // vSGD-fd unless --hyper variant=local: the network's bbprop diagonal is exact per weight but blind
            // to the coupling of a unit's many inputs, so vSGD-l's per-weight Newton steps overshoot on wide
            // layers (784 pixels); the finite difference measures the curvature along the step (Schaul &
            // LeCun 2013, "Adaptive learning rates and parallelization for stochastic, sparse, non-smooth
            // gradients").
            optimizer = MinimizeCommand.optimizerSpec(args, "vsgd-fd");
        } else {
            optimizer = MinimizeCommand.optimizerSpec(args, name);
        }
        int epochs = args.has("epochs") ? MinimizeCommand.positiveInt(args, "epochs")
                : resumed ? resume.epochs() : TrainCommand.DEFAULT_EPOCHS;
        long maxSteps = Long.MAX_VALUE;
        int maxIterations = TrainCommand.DEFAULT_MINIMIZER_ITERATIONS;
        if (args.has("max-iter")) {
            maxIterations = MinimizeCommand.positiveInt(args, "max-iter");
            maxSteps = maxIterations;
        }
        int trainExamples = args.has("train-examples") ? MinimizeCommand.positiveInt(args, "train-examples")
                : resumed ? resume.trainExamples() : 0;
        int threads = args.has("threads") ? MinimizeCommand.positiveInt(args, "threads") : 0;
        long seed = args.has("seed") ? MinimizeCommand.seed(args) : resumed ? resume.seed() : 0;
        Path plot = null;
        if (args.has("plot")) {
            String file = args.option("plot", "");
            if (!Plots.supports(file)) {
                throw new BadInputException("--plot needs a .png or .svg file, got '" + file + "'");
            }
            plot = Path.of(file);
        }
        Path checkpoint = null;
        if (args.has("checkpoint")) {
            checkpoint = Path.of(args.option("checkpoint", "")).toAbsolutePath();
            if (!Files.isDirectory(checkpoint.getParent())) {
                throw new BadInputException("--checkpoint " + args.option("checkpoint", "") + ": no directory "
                        + checkpoint.getParent() + " to write it in");
            }
        }
        if (resumed && args.has("init")) {
            throw new BadInputException("--init and --resume both give the starting weights: give one");
        }
        TrainSchedule schedule = args.has("lr-schedule") ? TrainSchedule.parse(args.option("lr-schedule", ""))
                : resumed ? resume.schedule() : TrainSchedule.CONSTANT;
        double clip = resumed ? resume.clipGradNorm() : Double.NaN; // NaN: no clipping
        if (args.has("clip-grad-norm")) {
            clip = MinimizeCommand.number(args, "clip-grad-norm");
            if (!(clip >= 0) || clip == Double.POSITIVE_INFINITY) {
                throw new BadInputException("--clip-grad-norm must be a finite number ≥ 0 (torch's max_norm), got '"
                        + args.option("clip-grad-norm", "") + "'");
            }
        }
        boolean optimizerGiven = args.has("optimizer") || args.has("lr") || args.has("hyper");
        TrainPrecision precision = TrainPrecision.parse(
                args.option("dtype", resumed ? resume.precision().dtypeText() : null),
                args.option("loss-scale", resumed ? resume.precision().lossScale() : null));
        return new TrainSettings(data.strip(), spec, layersText.strip(), name, optimizer, batch, epochs, maxSteps,
                maxIterations, trainExamples, threads, seed, plot, checkpoint, resume, schedule, clip, optimizerGiven,
                precision);
    }

    /**
     * Checks the options given on the command line against the checkpoint {@code c} they resume: the
     * network, the optimizer's name, the batch and the seed must be the checkpoint's (the hyper-parameters
     * are compared when the optimizer state is loaded, the training examples when the data is read).
     */
    private void agreeWith(Arguments args, TrainCheckpoint c) throws BadInputException {
        String[][] options = { // the option, the command line's value, the checkpoint's
            {"layers", layers(spec), layers(c.spec())},
            {"activation", spec.activation().label(), c.spec().activation().label()},
            {"loss", spec.loss().label(), c.spec().loss().label()},
            {"optimizer", optimizerName, c.optimizer()},
            {"batch", batchText(batch), batchText(c.batch())},
            {"seed", Long.toString(seed), Long.toString(c.seed())},
            {"clip-grad-norm", clipText(clipGradNorm), clipText(c.clipGradNorm())},
            {"dtype", precision.dtypeText(), c.precision().dtypeText()},
            {"loss-scale", precision.lossScale(), c.precision().lossScale()},
        };
        for (String[] o : options) {
            if (args.has(o[0]) && !o[1].equals(o[2])) {
                throw new BadInputException("--resume " + c.file() + " was trained with --" + o[0] + " " + o[2]
                        + ", not " + o[1] + " (leave --" + o[0] + " out to continue with the checkpoint's)");
            }
        }
    }

    /** A {@code --clip-grad-norm} bound as the command line spells it, {@code none} for NaN. */
    static String clipText(double clip) {
        return Double.isNaN(clip) ? "none" : Double.toString(clip);
    }

    /** The widths of {@code spec} as {@code --layers} spells them. */
    private static String layers(NetworkSpec spec) {
        return Arrays.stream(spec.layers()).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}

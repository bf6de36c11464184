package dev.descent.cli;

import dev.descent.kernel.Activation;
import dev.descent.minimize.Minimizers;
import dev.descent.network.Loss;
import dev.descent.network.NetworkSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import java.nio.file.Path;
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
 */
record TrainSettings(String data, NetworkSpec spec, String layersText, String optimizerName, OptimizerSpec optimizer,
        int batch, int epochs, long maxSteps, int maxIterations, int trainExamples, int threads, long seed, Path plot) {

    /** vSGD, which needs curvature inputs a network does not give. */
    static final String VSGD = "vsgd";

    /** The batch size that means every example. */
    static final int ALL = 0;

    /** Whether the method is a full-batch minimizer. */
    boolean minimizer() {
        return optimizer == null;
    }

    /** These settings with {@code size} examples per step. */
    TrainSettings withBatch(int size) {
        return new TrainSettings(data, spec, layersText, optimizerName, optimizer, size, epochs, maxSteps, maxIterations,
                trainExamples, threads, seed, plot);
    }

    /** The settings of {@code args}; a missing, malformed or contradictory option is bad input. */
    static TrainSettings of(Arguments args) throws BadInputException {
        String data = args.option("data", null);
        if (data == null || data.isBlank()) {
            throw new BadInputException("train needs --data fashion-mnist|FILE (see descent help train)");
        }
        String layersText = args.option("layers", null);
        if (layersText == null) {
            throw new BadInputException("train needs --layers N0,N1,...,NK (e.g. 784,256,10)");
        }
        NetworkSpec spec;
        try {
            spec = new NetworkSpec(NetworkSpec.parseLayers(layersText),
                    Activation.of(args.option("activation", "relu").strip().toLowerCase(Locale.ROOT)),
                    Loss.of(args.option("loss", "cross_entropy").strip().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        String name = args.option("optimizer", "adam").strip().toLowerCase(Locale.ROOT);
        boolean minimizer = Minimizers.NAMES.contains(name);
        if (!minimizer && !OptimizerSpecs.names().contains(name)) {
            throw new BadInputException("unknown --optimizer '" + name + "' (optimizers: "
                    + String.join(", ", OptimizerSpecs.names()) + "; full-batch minimizers: "
                    + String.join(", ", Minimizers.NAMES) + ")");
        }
        if (name.equals(VSGD)) {
            throw new BadInputException("train does not run vsgd: its rates need a diagonal curvature estimate per"
                    + " step, which descent minimize fills for its problems and a network does not give");
        }
        String batchText = args.option("batch", minimizer ? "all" : Integer.toString(TrainCommand.DEFAULT_BATCH));
        int batch = batchText.strip().equalsIgnoreCase("all") ? ALL
                : args.has("batch") ? MinimizeCommand.positiveInt(args, "batch") : TrainCommand.DEFAULT_BATCH;
        OptimizerSpec optimizer = null;
        if (minimizer) {
            if (batch != ALL) {
                throw new BadInputException(name + " is a full-batch method: it needs the whole batch (--batch all),"
                        + " not --batch " + batchText.strip() + "; its iterations assume one fixed objective, which a"
                        + " new mini-batch at every step would change");
            }
            for (String o : new String[] {"lr", "hyper", "epochs"}) {
                if (args.has(o)) {
                    throw new BadInputException("--" + o + " applies to the first-order optimizers, not to " + name
                            + " (give --max-iter for its iterations)");
                }
            }
        } else {
            optimizer = MinimizeCommand.optimizerSpec(args, name);
        }
        int epochs = args.has("epochs") ? MinimizeCommand.positiveInt(args, "epochs") : TrainCommand.DEFAULT_EPOCHS;
        long maxSteps = Long.MAX_VALUE;
        int maxIterations = TrainCommand.DEFAULT_MINIMIZER_ITERATIONS;
        if (args.has("max-iter")) {
            maxIterations = MinimizeCommand.positiveInt(args, "max-iter");
            maxSteps = maxIterations;
        }
        int trainExamples = args.has("train-examples") ? MinimizeCommand.positiveInt(args, "train-examples") : 0;
        int threads = args.has("threads") ? MinimizeCommand.positiveInt(args, "threads") : 0;
        long seed = args.has("seed") ? MinimizeCommand.seed(args) : 0;
        Path plot = null;
        if (args.has("plot")) {
            String file = args.option("plot", "");
            if (!BenchPlot.supports(file)) {
                throw new BadInputException("--plot needs a .png or .svg file, got '" + file + "'");
            }
            plot = Path.of(file);
        }
        return new TrainSettings(data.strip(), spec, layersText.strip(), name, optimizer, batch, epochs, maxSteps,
                maxIterations, trainExamples, threads, seed, plot);
    }
}

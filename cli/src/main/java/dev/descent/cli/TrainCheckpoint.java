package dev.descent.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.kernel.Activation;
import dev.descent.network.Loss;
import dev.descent.network.NetworkSpec;
import dev.descent.optim.Checkpointable;
import dev.descent.optim.CheckpointLoad;
import dev.descent.optim.CheckpointWriter;
import dev.descent.optim.HyperDifference;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerCheckpoint;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.tensor.Tensor;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checkpoint of a {@code descent train} run: one safetensors file written by {@link
 * OptimizerCheckpoint} that holds the network's weights under torch's {@code state_dict()} names
 * ({@code 0.weight}, {@code 0.bias}, ...), the optimizer's state keyed by the same names ({@code
 * state.0.weight.exp_avg}, ...) with its hyper-parameters and step count, the schedule's state, and,
 * under the metadata key {@value #METADATA_KEY}, the run's settings and position as a JSON object:
 * {@code {"format_version": 1, "data": ..., "layers": "784,256,10", "activation": "relu", "loss":
 * "cross_entropy", "optimizer": "adam", "batch": "128" or "all", "seed": 0, "train_examples": m,
 * "epochs": the epochs asked for, "steps": the steps taken, "lr_schedule": the schedule resolved for the
 * run ({@link TrainSchedule#text}), "clip_grad_norm": the bound or null, "epoch_loss_sum" and
 * "epoch_examples": the sum of batch loss × batch size and the examples of an epoch checkpointed before
 * its end (0 at an epoch's end), so that a resumed epoch's mean loss — a plateau schedule's metric —
 * is the uninterrupted one's, "dtype": "f32", "bf16" or "f16", "loss_scale": "none", "dynamic" or the
 * fixed scale (both optional, f32 and none when absent)}}. The weights are stored in the run's dtype;
 * in bfloat16 and float16 the optimizer's state holds their float32 master copies and the checkpoint
 * the loss scaler's state. The steps say where the run stands: the
 * epoch is {@code steps / batches per epoch}, the batch within it {@code steps % batches per epoch},
 * and the batches of each epoch follow from the seed and the epoch alone, so that a resumed run
 * continues the uninterrupted one bit for bit.
 *
 * @param file the file read
 * @param checkpoint the optimizer checkpoint in it
 * @param data the {@code --data} value of the run that wrote it
 * @param layers the {@code --layers} value
 * @param spec the network
 * @param optimizer the optimizer's name
 * @param batch the batch size, or {@link TrainSettings#ALL}
 * @param seed the seed of the initialisation and of the batch order
 * @param trainExamples the training examples the run used
 * @param epochs the epochs that run was asked for
 * @param steps the optimizer steps it had taken
 * @param schedule the learning-rate schedule, resolved for that run
 * @param clipGradNorm the {@code --clip-grad-norm} bound, or NaN
 * @param epochLossSum the loss sum of the epoch so far, if checkpointed within one
 * @param epochExamples the examples of the epoch so far, if checkpointed within one
 * @param precision the dtype and loss scaling of the run
 */
record TrainCheckpoint(Path file, OptimizerCheckpoint checkpoint, String data, String layers, NetworkSpec spec,
        String optimizer, int batch, long seed, int trainExamples, int epochs, long steps,
        TrainSchedule schedule, double clipGradNorm, double epochLossSum, long epochExamples,
        TrainPrecision precision) {

    /** The metadata key of the run's settings and position. */
    static final String METADATA_KEY = "descent.train";
    /** The version of the settings document this class writes and reads. */
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Writes the checkpoint of a run of {@code s} on {@code trainExamples} examples that has taken
     * {@code steps} steps to {@code file}, atomically: the weights {@code layers} (views of the
     * network's parameter vector, named by torch), the optimizer's state, the checkpointables.
     */
    static void write(Path file, TrainSettings s, TrainSchedule schedule, int trainExamples, long steps,
            double epochLossSum, long epochExamples, Optimizer opt, List<Tensor> layers, Checkpointable... others)
            throws BadInputException {
        ObjectNode o = Json.object();
        o.put("format_version", FORMAT_VERSION);
        o.put("data", s.data());
        o.put("layers", s.layersText());
        o.put("activation", s.spec().activation().label());
        o.put("loss", s.spec().loss().label());
        o.put("optimizer", s.optimizerName());
        o.put("batch", s.batch() == TrainSettings.ALL ? "all" : Integer.toString(s.batch()));
        o.put("seed", s.seed());
        o.put("train_examples", trainExamples);
        o.put("epochs", s.epochs());
        o.put("steps", steps);
        o.put("lr_schedule", schedule.text());
        Json.number(o, "clip_grad_norm", s.clipGradNorm());
        o.put("epoch_loss_sum", epochLossSum);
        o.put("epoch_examples", epochExamples);
        o.put("dtype", s.precision().dtypeText());
        o.put("loss_scale", s.precision().lossScale());
        CheckpointWriter w = OptimizerCheckpoint.writer(opt).metadata(METADATA_KEY, Json.line(o));
        for (Tensor t : layers) {
            w.weight(t.name(), t);
        }
        for (Checkpointable c : others) {
            w.checkpointable(c);
        }
        try {
            w.write(file);
        } catch (UncheckedIOException e) {
            throw new BadInputException("--checkpoint " + file + ": " + message(e));
        }
    }

    /**
     * Reads {@code file}; a file that is not a checkpoint of {@code descent train}, a damaged or
     * truncated one, is bad input in one line naming it.
     */
    static TrainCheckpoint read(Path file) throws BadInputException {
        OptimizerCheckpoint c;
        try {
            c = OptimizerCheckpoint.read(file);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--resume " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new BadInputException("--resume " + file + ": " + message(e));
        }
        String text = c.metadata().get(METADATA_KEY);
        if (text == null) {
            throw new BadInputException("--resume " + file + " is an optimizer checkpoint, but not one of descent"
                    + " train (no '" + METADATA_KEY + "' in its metadata)");
        }
        return parse(file, c, text);
    }

    /** The settings document {@code text} of {@code file}; anything but this class's document is bad input. */
    static TrainCheckpoint parse(Path file, OptimizerCheckpoint c, String text) throws BadInputException {
        JsonNode o;
        try {
            o = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw bad(file, "is not JSON (" + e.getOriginalMessage().replaceAll("\\s+", " ") + ")");
        }
        if (o == null || !o.isObject()) {
            throw bad(file, "is not a JSON object");
        }
        long version = integer(file, o, "format_version", 1, Long.MAX_VALUE);
        if (version != FORMAT_VERSION) {
            throw bad(file, "has format version " + version + "; this descent reads version " + FORMAT_VERSION);
        }
        String batch = text(file, o, "batch");
        int size;
        if (batch.equals("all")) {
            size = TrainSettings.ALL;
        } else {
            try {
                size = Integer.parseInt(batch);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1) {
                throw bad(file, "'batch' must be \"all\" or an integer ≥ 1, got \"" + batch + "\"");
            }
        }
        String layers = text(file, o, "layers");
        NetworkSpec spec;
        try {
            spec = new NetworkSpec(NetworkSpec.parseLayers(layers), Activation.of(text(file, o, "activation")),
                    Loss.of(text(file, o, "loss")));
        } catch (IllegalArgumentException e) {
            throw bad(file, "does not describe a network: " + e.getMessage());
        }
        String optimizer = text(file, o, "optimizer");
        if (!OptimizerSpecs.names().contains(optimizer) || optimizer.equals(TrainSettings.VSGD)) {
            throw bad(file, "names no optimizer that train runs: '" + optimizer + "'");
        }
        TrainSchedule schedule;
        try {
            schedule = TrainSchedule.parse(text(file, o, "lr_schedule"));
            if (!schedule.resolve(0).values().equals(schedule.values())) {
                throw new BadInputException("'" + schedule.text() + "' leaves values out");
            }
        } catch (BadInputException e) {
            throw bad(file, "'lr_schedule': " + e.getMessage());
        }
        return new TrainCheckpoint(file, c, text(file, o, "data"), layers, spec, optimizer, size,
                integer(file, o, "seed", Long.MIN_VALUE, Long.MAX_VALUE),
                (int) integer(file, o, "train_examples", 1, Integer.MAX_VALUE),
                (int) integer(file, o, "epochs", 1, Integer.MAX_VALUE), integer(file, o, "steps", 0, Long.MAX_VALUE),
                schedule, clip(file, o), finite(file, o, "epoch_loss_sum"), integer(file, o, "epoch_examples", 0,
                        Long.MAX_VALUE), precision(file, o));
    }

    /** The epoch (counted from 0) that the next step belongs to, with batches of this many per epoch. */
    long epochOfNextStep(int batchesPerEpoch) {
        return steps / batchesPerEpoch;
    }

    /**
     * Loads the optimizer state, the weights into {@code layers} and the checkpointables' states,
     * after checking all of it against them; the checkpoint's hyper-parameters win where the command
     * line gave none ({@code optimizerGiven} false), and otherwise must equal the command line's —
     * but for a learning rate that a plateau schedule lowered ({@code lrFromCheckpoint}), which the
     * checkpoint's always is.
     */
    void restore(Optimizer opt, List<Tensor> layers, boolean optimizerGiven, boolean lrFromCheckpoint,
            Checkpointable... others) throws BadInputException {
        try {
            for (Tensor t : layers) {
                checkpoint.weight(t.name()); // present, before anything changes
            }
            CheckpointLoad load = checkpoint.restore(opt, optimizerGiven ? HyperPolicy.KEEP_OPTIMIZER
                    : HyperPolicy.USE_CHECKPOINT, others);
            List<HyperDifference> conflicts = new ArrayList<>();
            for (HyperDifference d : optimizerGiven ? load.differences() : List.<HyperDifference>of()) {
                if (lrFromCheckpoint && d.name().equals("lr") && d.checkpoint() instanceof Number lr) {
                    opt.setLr(d.group(), lr.doubleValue());
                } else {
                    conflicts.add(d);
                }
            }
            if (!conflicts.isEmpty()) {
                String what = conflicts.stream().map(TrainCheckpoint::difference).collect(Collectors.joining(", "));
                throw new BadInputException("--resume " + file + " was trained with other hyper-parameters than"
                        + " the command line's: " + what
                        + " (leave out --optimizer, --lr and --hyper to continue with the checkpoint's)");
            }
            for (Tensor t : layers) {
                checkpoint.copyWeight(t.name(), t);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--resume " + e.getMessage());
        }
    }

    private static String difference(HyperDifference d) {
        return d.name() + " " + d.checkpoint() + " in the checkpoint, " + d.optimizer() + " on the command line";
    }

    private static String text(Path file, JsonNode o, String key) throws BadInputException {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual() || v.textValue().chars().anyMatch(Character::isISOControl)) {
            throw bad(file, "'" + key + "' must be a string on one line");
        }
        return v.textValue();
    }

    private static double finite(Path file, JsonNode o, String key) throws BadInputException {
        JsonNode v = o.get(key);
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw bad(file, "'" + key + "' must be a finite number");
        }
        return v.doubleValue();
    }

    /** {@code dtype} and {@code loss_scale}: each absent (f32, none) or as {@code --dtype} and {@code --loss-scale} spell them. */
    private static TrainPrecision precision(Path file, JsonNode o) throws BadInputException {
        String dtype = o.has("dtype") ? text(file, o, "dtype") : "f32";
        String scale = o.has("loss_scale") ? text(file, o, "loss_scale") : TrainPrecision.NONE;
        try {
            return TrainPrecision.parse(dtype, scale);
        } catch (BadInputException e) {
            throw bad(file, "'dtype' or 'loss_scale': " + e.getMessage());
        }
    }

    /** {@code clip_grad_norm}: null (no clipping) or a finite number ≥ 0. */
    private static double clip(Path file, JsonNode o) throws BadInputException {
        JsonNode v = o.get("clip_grad_norm");
        if (v != null && v.isNull()) {
            return Double.NaN;
        }
        if (v == null || !v.isNumber() || !(v.doubleValue() >= 0) || Double.isInfinite(v.doubleValue())) {
            throw bad(file, "'clip_grad_norm' must be null or a finite number ≥ 0");
        }
        return v.doubleValue();
    }

    private static long integer(Path file, JsonNode o, String key, long min, long max) throws BadInputException {
        JsonNode v = o.get(key);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < min || v.longValue() > max) {
            throw bad(file, "'" + key + "' must be an integer in [" + min + ", " + max + "]");
        }
        return v.longValue();
    }

    private static BadInputException bad(Path file, String problem) {
        return new BadInputException("--resume " + file + ": metadata '" + METADATA_KEY + "' " + problem);
    }

    private static String message(UncheckedIOException e) {
        return e.getCause() == null ? e.getMessage() : e.getCause().toString();
    }
}

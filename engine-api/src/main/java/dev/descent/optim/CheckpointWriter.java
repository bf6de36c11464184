package dev.descent.optim;

import dev.descent.io.AtomicFile;
import dev.descent.io.HeaderJson;
import dev.descent.io.NamedTensor;
import dev.descent.io.RawTensor;
import dev.descent.io.Safetensors;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes one checkpoint file ({@link OptimizerCheckpoint} describes the format): an optimizer's state,
 * and beside it, if given, the model's weights under their own names, the state of
 * {@link Checkpointable}s such as a metric-driven scheduler, and metadata strings (epoch, seed, the
 * command line). Tensors are copied from the backend as raw float32 bytes, without a conversion; the
 * file is replaced atomically ({@link AtomicFile}), so a crash or an error leaves the previous
 * checkpoint whole.
 *
 * <pre>{@code
 * OptimizerCheckpoint.writer(optimizer)
 *         .weights(model.namedWeights())          // or .weight("0.weight", tensor), ...
 *         .checkpointable(plateauScheduler)
 *         .metadata("epoch", "3")
 *         .write(Path.of("run.ckpt"));
 * }</pre>
 */
public final class CheckpointWriter {
    private final Optimizer optimizer;
    private final Map<String, Supplier<RawTensor>> weights = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Checkpointable> checkpointables = new LinkedHashMap<>();

    CheckpointWriter(Optimizer optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        optimizer.gradScaler().ifPresent(this::checkpointable); // the loss scale travels with the optimizer
    }

    /**
     * Adds the model weight {@code name} (torch's name, e.g. {@code 0.weight}) with {@code tensor}'s
     * values as they are when {@link #write} runs, in its dtype (float32, float64, bfloat16 or float16:
     * safetensors {@code F32}, {@code F64}, {@code BF16}, {@code F16}), its bytes as the backend holds them.
     *
     * @throws IllegalArgumentException if the name is taken or reserved
     */
    public CheckpointWriter weight(String name, Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        addWeight(name, () -> raw(name, tensor));
        return this;
    }

    /**
     * Adds host weights, each under its name, with the values they hold when {@link #write} runs.
     *
     * @throws IllegalArgumentException if a name is taken or reserved
     */
    public CheckpointWriter weights(List<NamedTensor> tensors) {
        for (NamedTensor t : tensors) {
            addWeight(t.name(), () -> RawTensor.of(t));
        }
        return this;
    }

    /**
     * Adds a metadata string (the epoch, the seed, settings), read back by
     * {@link OptimizerCheckpoint#metadata()}.
     *
     * @throws IllegalArgumentException if the key is taken or reserved ({@code format},
     *     {@value OptimizerCheckpoint#METADATA_KEY})
     */
    public CheckpointWriter metadata(String key, String value) {
        Objects.requireNonNull(value, "value");
        if (OptimizerCheckpoint.RESERVED_METADATA.contains(key) || metadata.containsKey(key)) {
            throw new IllegalArgumentException("metadata key '" + key + "' is " + (metadata.containsKey(key)
                    ? "given twice" : "reserved (" + OptimizerCheckpoint.RESERVED_METADATA + ")"));
        }
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds the state of {@code c} under its {@link Checkpointable#checkpointKey()}, taken when
     * {@link #write} runs. The optimizer's {@link GradScaler} is added without asking.
     *
     * @throws IllegalArgumentException if another one has the same key
     */
    public CheckpointWriter checkpointable(Checkpointable c) {
        String key = c.checkpointKey();
        if (checkpointables.get(key) == c) {
            return this; // the optimizer's scaler, given again
        }
        if (checkpointables.putIfAbsent(key, c) != null) {
            throw new IllegalArgumentException("two checkpointables have the key '" + key + "'");
        }
        return this;
    }

    /**
     * Writes the checkpoint to {@code file}, atomically.
     *
     * @throws IllegalArgumentException if two parameters of the optimizer share a name (the state is
     *     keyed by name) or a weight has a parameter state's name; nothing is written then
     * @throws java.io.UncheckedIOException if the file cannot be written; the previous file is unchanged
     */
    public void write(Path file) {
        optimizer.requireOpen();
        Set<String> names = new LinkedHashSet<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        List<RawTensor> tensors = new ArrayList<>();
        weights.values().forEach(w -> tensors.add(w.get()));
        for (int g = 0; g < optimizer.groups().size(); g++) {
            ParamGroup group = optimizer.groups().get(g);
            List<String> params = new ArrayList<>();
            for (Parameter p : group.params()) {
                String name = p.param().name();
                if (!names.add(name)) {
                    throw new IllegalArgumentException("two parameters of the optimizer are called '" + name
                            + "': a checkpoint keys the state by the parameter's name");
                }
                params.add(name);
                for (Map.Entry<String, Tensor> s : optimizer.state(p.param()).entrySet()) {
                    tensors.add(raw(OptimizerCheckpoint.stateName(name, s.getKey()), s.getValue()));
                }
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("optimizer", group.spec().name());
            doc.put("hyper", OptimizerCheckpoint.encode(OptimizerSpecs.hyper(group.spec())));
            doc.put("params", params);
            doc.put("scalars", OptimizerCheckpoint.encode(optimizer.groupState(g)));
            groups.add(doc);
        }
        Map<String, Object> saved = new LinkedHashMap<>();
        checkpointables.forEach((k, c) -> saved.put(k, OptimizerCheckpoint.encode(c.checkpointState())));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", (long) OptimizerCheckpoint.FORMAT_VERSION);
        doc.put("step", optimizer.stepCount());
        doc.put("skipped_steps", optimizer.skippedSteps());
        doc.put("groups", groups);
        doc.put("checkpointables", saved);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put(OptimizerCheckpoint.METADATA_KEY, HeaderJson.write(doc));
        meta.putAll(metadata);
        AtomicFile.write(file, out -> Safetensors.write(out, meta, tensors));
    }

    private void addWeight(String name, Supplier<RawTensor> values) {
        Objects.requireNonNull(name, "name");
        if (name.startsWith(OptimizerCheckpoint.STATE_PREFIX) || weights.containsKey(name)) {
            throw new IllegalArgumentException("weight name '" + name + "' is " + (weights.containsKey(name)
                    ? "given twice" : "reserved for the optimizer state ('" + OptimizerCheckpoint.STATE_PREFIX
                    + "…')"));
        }
        weights.put(name, values);
    }

    /** {@code t}'s bytes as the backend holds them: its dtype, native (little-endian) order, no conversion. */
    private static RawTensor raw(String name, Tensor t) {
        MemorySegment bytes = MemorySegment.ofArray(new byte[Math.toIntExact(t.dtype().byteSize() * t.size())]);
        t.copyTo(bytes);
        long[] shape = t.shape();
        int[] dims = new int[shape.length];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = Math.toIntExact(shape[d]);
        }
        return new RawTensor(name, t.dtype(), dims, bytes);
    }
}

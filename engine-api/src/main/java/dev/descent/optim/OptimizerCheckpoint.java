package dev.descent.optim;

import dev.descent.io.HeaderJson;
import dev.descent.io.NamedTensor;
import dev.descent.io.RawTensor;
import dev.descent.io.Safetensors;
import dev.descent.io.SafetensorsFile;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A checkpoint of an optimizer, read from a file: its state, and the model weights, the
 * {@link Checkpointable} states and the metadata strings written beside it ({@link CheckpointWriter}).
 *
 * <h2>Format</h2>
 * A safetensors file (readable by torch's {@code safetensors.torch.load_file}):
 * <ul>
 *   <li>per parameter and state slot, a float32 tensor {@code state.<param name>.<state name>}, torch's
 *       state names ({@code exp_avg}, {@code exp_avg_sq}, {@code momentum_buffer}, ...), keyed by the
 *       parameter's {@link Tensor#name()}, not its position, and holding the backend's bytes unconverted;</li>
 *   <li>model weights under their own names ({@code 0.weight}, ...; never starting with {@code state.});</li>
 *   <li>in {@code __metadata__}: {@code "format": "pt"}, {@value #METADATA_KEY}, a JSON document
 *       {@code {"format_version": 1, "step": steps taken, "skipped_steps": n, "groups": [{"optimizer":
 *       "adam", "hyper": {torch-named hyper-parameters}, "params": [names], "scalars": {group scalar
 *       state, e.g. NAdam's "mu_product"}}], "checkpointables": {key: {name: value}}}} (a non-finite
 *       value is the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}; doubles are written
 *       so that they read back bit for bit), and the caller's metadata strings.</li>
 * </ul>
 *
 * <h2>Loading</h2>
 * {@link #restore} checks the whole checkpoint against the optimizer first — optimizer kind per group,
 * parameter names, state names, shapes and dtypes, the {@link Checkpointable}s asked for — and on any
 * mismatch throws an {@link IllegalArgumentException} naming the file and what differs, having changed
 * nothing. Hyper-parameters that differ are reported in the {@link CheckpointLoad}; a
 * {@link HyperPolicy} says which win. After a restore, the optimizer continues the checkpointed run
 * bit for bit: the same state bytes, step count, skipped steps and group scalars.
 */
public final class OptimizerCheckpoint {
    /** The version of the format this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code __metadata__} key of the optimizer's JSON document. */
    public static final String METADATA_KEY = "descent.optimizer";
    /** The prefix of the state tensors' names. */
    public static final String STATE_PREFIX = "state.";
    static final Set<String> RESERVED_METADATA = Set.of("format", METADATA_KEY);

    private final SafetensorsFile file;
    private final long step;
    private final long skippedSteps;
    private final List<Group> groups;
    private final Map<String, Map<String, Double>> checkpointables;

    /** One parameter group as the checkpoint holds it. */
    private record Group(String optimizer, Map<String, Object> hyper, List<String> params,
            Map<String, Double> scalars) {
    }

    private OptimizerCheckpoint(SafetensorsFile file, long step, long skippedSteps, List<Group> groups,
            Map<String, Map<String, Double>> checkpointables) {
        this.file = file;
        this.step = step;
        this.skippedSteps = skippedSteps;
        this.groups = groups;
        this.checkpointables = checkpointables;
    }

    /** A writer of a checkpoint of {@code optimizer}. */
    public static CheckpointWriter writer(Optimizer optimizer) {
        return new CheckpointWriter(optimizer);
    }

    /**
     * Reads the checkpoint {@code file} and checks that it is one: a valid safetensors file with a
     * well-formed document of this format version, naming each parameter once. (Whether its tensors fit
     * an optimizer, {@link #restore} checks.)
     *
     * @throws IllegalArgumentException naming the file and the problem
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static OptimizerCheckpoint read(Path file) {
        SafetensorsFile f = Safetensors.readFile(file);
        String text = f.metadata().get(METADATA_KEY);
        if (text == null) {
            throw bad(file, "is not a Descent optimizer checkpoint (no '" + METADATA_KEY + "' in its metadata)");
        }
        Object root;
        try {
            root = HeaderJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(file, "metadata '" + METADATA_KEY + "': " + e.getMessage());
        }
        Map<String, Object> doc = object(file, root, METADATA_KEY);
        long version = count(file, doc.get("format_version"), "format_version");
        if (version != FORMAT_VERSION) {
            throw bad(file, "is a checkpoint of format version " + version + "; this Descent reads version "
                    + FORMAT_VERSION);
        }
        long step = count(file, doc.get("step"), "step");
        long skipped = count(file, doc.get("skipped_steps"), "skipped_steps");
        if (!(doc.get("groups") instanceof List<?> list) || list.isEmpty()) {
            throw bad(file, "'groups' must be a non-empty list of parameter groups");
        }
        List<Group> groups = new ArrayList<>();
        Set<String> params = new LinkedHashSet<>();
        for (int g = 0; g < list.size(); g++) {
            String where = "groups[" + g + "]";
            Map<String, Object> group = object(file, list.get(g), where);
            if (!(group.get("optimizer") instanceof String optimizer)) {
                throw bad(file, where + ".optimizer must be an optimizer's name");
            }
            Map<String, Object> hyper = object(file, group.get("hyper"), where + ".hyper");
            if (!(group.get("params") instanceof List<?> names) || !names.stream().allMatch(String.class::isInstance)) {
                throw bad(file, where + ".params must be a list of parameter names");
            }
            for (Object n : names) {
                if (!params.add((String) n)) {
                    throw bad(file, where + ": parameter '" + n + "' is listed twice");
                }
            }
            groups.add(new Group(optimizer, hyper, names.stream().map(String.class::cast).toList(),
                    doubles(file, group.get("scalars"), where + ".scalars")));
        }
        Map<String, Map<String, Double>> saved = new LinkedHashMap<>();
        object(file, doc.get("checkpointables"), "checkpointables")
                .forEach((k, v) -> saved.put(k, doubles(file, v, "checkpointables." + k)));
        return new OptimizerCheckpoint(f, step, skipped, List.copyOf(groups), saved);
    }

    /** The file read. */
    public Path file() {
        return file.file();
    }

    /** The steps the checkpointed run had taken. */
    public long stepCount() {
        return step;
    }

    /** The steps it had skipped for non-finite gradients. */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** The caller's metadata strings ({@link CheckpointWriter#metadata}), in file order. */
    public Map<String, String> metadata() {
        Map<String, String> out = new LinkedHashMap<>(file.metadata());
        RESERVED_METADATA.forEach(out::remove);
        return out;
    }

    /** The names of the model weights ({@link CheckpointWriter#weight}), in file order. */
    public List<String> weightNames() {
        return file.names().stream().filter(n -> !n.startsWith(STATE_PREFIX)).toList();
    }

    /**
     * The model weight {@code name} as floats.
     *
     * @throws IllegalArgumentException naming the file if there is no such weight
     */
    public NamedTensor weight(String name) {
        return file.tensor(requireWeight(name));
    }

    /**
     * Copies the model weight {@code name} into {@code target}, its bytes as stored (of the target's
     * dtype: float32, float64, bfloat16 or float16).
     *
     * @throws IllegalArgumentException naming the file and the weight if there is none, or its shape or
     *     dtype differs from {@code target}'s; {@code target} is then unchanged
     */
    public void copyWeight(String name, Tensor target) {
        String weight = requireWeight(name);
        RawTensor raw = file.raw(weight);
        if (raw.dtype() != target.dtype()) {
            throw bad(file(), "weight '" + name + "' is " + file.dtype(weight) + ", its target '" + target.name()
                    + "' " + target.dtype().label());
        }
        raw = checkedRaw(weight, raw.dtype(), target.shape(), "weight '" + name + "'");
        target.copyFrom(raw.data());
    }

    /**
     * Loads the checkpoint into {@code optimizer} (built with the same groups, parameter names and
     * shapes, new tensors welcome), its {@link GradScaler} if it has one, and the given
     * {@link Checkpointable}s, after checking all of it.
     *
     * @param policy which hyper-parameters win where they differ ({@link HyperPolicy#REJECT}: none may)
     * @return the step count continued from and the hyper-parameters that differed
     * @throws IllegalArgumentException naming the file and what differs (optimizer kind, parameter, state
     *     slot, shape, dtype, a missing checkpointable, a hyper-parameter under {@code REJECT}); nothing
     *     has changed then
     */
    public CheckpointLoad restore(Optimizer optimizer, HyperPolicy policy, Checkpointable... given) {
        optimizer.requireOpen();
        Checkpointable[] others = withScaler(optimizer, given);
        Path path = file();
        List<ParamGroup> ours = optimizer.groups();
        if (ours.size() != groups.size()) {
            throw bad(path, "holds " + groups.size() + " parameter group(s), the optimizer " + ours.size());
        }
        List<Tensor> targets = new ArrayList<>();
        List<RawTensor> sources = new ArrayList<>();
        List<HyperDifference> differences = new ArrayList<>();
        List<OptimizerSpec> fromFile = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Group saved = groups.get(g);
            OptimizerSpec spec = ours.get(g).spec();
            if (!saved.optimizer().equals(spec.name())) {
                throw bad(path, "group " + g + " is " + saved.optimizer() + ", the optimizer's is " + spec.name());
            }
            List<String> names = ours.get(g).params().stream().map(p -> p.param().name()).toList();
            if (new LinkedHashSet<>(names).size() != names.size()) {
                throw bad(path, "cannot be loaded by name: two parameters of the optimizer's group " + g
                        + " share a name (" + names + ")");
            }
            if (!new LinkedHashSet<>(names).equals(new LinkedHashSet<>(saved.params()))) {
                throw bad(path, "group " + g + " holds the parameters " + saved.params() + ", the optimizer's group "
                        + names + differ(saved.params(), names));
            }
            for (Parameter p : ours.get(g).params()) {
                for (Map.Entry<String, Tensor> s : optimizer.state(p.param()).entrySet()) {
                    String name = stateName(p.param().name(), s.getKey());
                    if (!file.contains(name)) {
                        throw bad(path, "has no tensor '" + name + "': the optimizer keeps state '" + s.getKey()
                                + "' for parameter '" + p.param().name() + "'");
                    }
                    sources.add(checkedRaw(name, p.param().shape(), "state tensor '" + name + "'"));
                    targets.add(s.getValue());
                }
            }
            differences.addAll(compare(g, saved.hyper(), OptimizerSpecs.hyper(spec)));
            fromFile.add(policy == HyperPolicy.USE_CHECKPOINT ? specFromFile(g, saved, spec) : spec);
        }
        Set<String> expected = new LinkedHashSet<>();
        sources.forEach(s -> expected.add(s.name()));
        for (String name : file.names()) {
            if (name.startsWith(STATE_PREFIX) && !expected.contains(name)) {
                throw bad(path, "tensor '" + name + "' is not a state the optimizer keeps");
            }
        }
        if (policy == HyperPolicy.REJECT && !differences.isEmpty()) {
            throw bad(path, "hyper-parameters differ from the optimizer's: " + differences);
        }
        for (Checkpointable c : others) {
            if (!checkpointables.containsKey(c.checkpointKey())) {
                throw bad(path, "holds no state for '" + c.checkpointKey() + "' (it holds: "
                        + checkpointables.keySet() + ")");
            }
        }
        restoreCheckpointables(path, others);
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).copyFrom(sources.get(i).data());
        }
        optimizer.restoreCounters(step, skippedSteps, groups.stream().map(Group::scalars).toList());
        if (policy == HyperPolicy.USE_CHECKPOINT) {
            for (int g = 0; g < fromFile.size(); g++) {
                optimizer.setSpec(g, fromFile.get(g));
            }
        }
        return new CheckpointLoad(step, differences, policy);
    }

    /** {@code given} and, first, the optimizer's {@link GradScaler} unless given already. */
    private static Checkpointable[] withScaler(Optimizer optimizer, Checkpointable... given) {
        GradScaler scaler = optimizer.gradScaler().orElse(null);
        if (scaler == null || Arrays.asList(given).contains(scaler)) {
            return given;
        }
        Checkpointable[] all = new Checkpointable[given.length + 1];
        all[0] = scaler;
        System.arraycopy(given, 0, all, 1, given.length);
        return all;
    }

    /** Restores each checkpointable; if one refuses its state, those before it get theirs back. */
    private void restoreCheckpointables(Path path, Checkpointable... others) {
        List<Map<String, Double>> before = new ArrayList<>();
        for (int i = 0; i < others.length; i++) {
            before.add(others[i].checkpointState());
            try {
                others[i].restoreCheckpointState(checkpointables.get(others[i].checkpointKey()));
            } catch (IllegalArgumentException e) {
                for (int k = 0; k < i; k++) {
                    others[k].restoreCheckpointState(before.get(k));
                }
                throw bad(path, "state of '" + others[i].checkpointKey() + "': " + e.getMessage());
            }
        }
    }

    private OptimizerSpec specFromFile(int g, Group saved, OptimizerSpec current) {
        OptimizerSpec spec;
        try {
            spec = OptimizerSpecs.fromHyper(saved.optimizer(), decode(saved.hyper()));
        } catch (IllegalArgumentException e) {
            throw bad(file(), "group " + g + ": " + e.getMessage());
        }
        if (!spec.state().stream().map(StateSpec::name).toList()
                .equals(current.state().stream().map(StateSpec::name).toList())) {
            throw bad(file(), "group " + g + ": its hyper-parameters keep the state " + spec.state()
                    + ", the optimizer's " + current.state());
        }
        return spec;
    }

    private static List<HyperDifference> compare(int g, Map<String, Object> saved, Map<String, Object> current) {
        Map<String, Object> ours = encode(current);
        Set<String> keys = new LinkedHashSet<>(ours.keySet());
        keys.addAll(saved.keySet());
        List<HyperDifference> out = new ArrayList<>();
        for (String k : keys) {
            Object a = saved.get(k);
            Object b = ours.get(k);
            if (a == null || b == null || !sameHyper(a, b)) {
                out.add(new HyperDifference(g, k, a, current.get(k)));
            }
        }
        return out;
    }

    /**
     * Whether two hyper-parameter values as JSON reads them are the same: numbers by value (a JSON
     * {@code 0} is the double 0.0), lists element by element, anything else by {@link Object#equals}.
     */
    static boolean sameHyper(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameHyper(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private RawTensor checkedRaw(String name, long[] shape, String what) {
        return checkedRaw(name, DType.FLOAT32, shape, what);
    }

    private RawTensor checkedRaw(String name, DType dtype, long[] shape, String what) {
        if (file.raw(name).dtype() != dtype) {
            throw bad(file(), what + " is " + file.dtype(name) + ", not " + Safetensors.dtypeName(dtype));
        }
        int[] stored = file.shape(name);
        if (stored.length != shape.length || !Arrays.equals(Arrays.stream(stored).asLongStream().toArray(), shape)) {
            throw bad(file(), what + " has shape " + Arrays.toString(stored) + ", the optimizer's tensor "
                    + Arrays.toString(shape));
        }
        return file.raw(name);
    }

    private String requireWeight(String name) {
        if (name.startsWith(STATE_PREFIX) || !file.contains(name)) {
            throw bad(file(), "has no weight '" + name + "' (its weights: " + weightNames() + ")");
        }
        return name;
    }

    private static String differ(List<String> saved, List<String> ours) {
        for (String n : ours) {
            if (!saved.contains(n)) {
                return " (the checkpoint lacks '" + n + "')";
            }
        }
        for (String n : saved) {
            if (!ours.contains(n)) {
                return " (the optimizer lacks '" + n + "')";
            }
        }
        return " (repeated names)";
    }

    /** The name of the state tensor {@code state} of parameter {@code param}. */
    static String stateName(String param, String state) {
        return STATE_PREFIX + param + "." + state;
    }

    /** {@code values} as JSON can hold them: non-finite doubles as strings, lists and maps element by element. */
    static Map<String, Object> encode(Map<String, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, encodeValue(v)));
        return out;
    }

    private static Object encodeValue(Object v) {
        return switch (v) {
            case Double d when !Double.isFinite(d) -> d.toString(); // NaN, Infinity, -Infinity
            case Float f -> encodeValue(f.doubleValue());
            case List<?> list -> list.stream().map(OptimizerCheckpoint::encodeValue).toList();
            case Map<?, ?> map -> {
                Map<String, Object> m = new LinkedHashMap<>();
                map.forEach((k, x) -> m.put((String) k, encodeValue(x)));
                yield m;
            }
            case null, default -> v;
        };
    }

    /** The inverse of {@link #encode} for hyper-parameters: the strings of non-finite values back to doubles. */
    private static Map<String, Object> decode(Map<String, Object> hyper) {
        Map<String, Object> out = new LinkedHashMap<>();
        hyper.forEach((k, v) -> out.put(k, v instanceof String s && nonFinite(s) ? Double.valueOf(s) : v));
        return out;
    }

    private static boolean nonFinite(String s) {
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    private static Map<String, Double> doubles(Path file, Object value, String where) {
        Map<String, Double> out = new LinkedHashMap<>();
        object(file, value, where).forEach((k, v) -> {
            if (v instanceof Number n) {
                out.put(k, n.doubleValue());
            } else if (v instanceof String s && nonFinite(s)) {
                out.put(k, Double.valueOf(s));
            } else {
                throw bad(file, where + "." + k + " must be a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Path file, Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw bad(file, where + " must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static long count(Path file, Object value, String where) {
        if (!(value instanceof Long n) || n < 0) {
            throw bad(file, where + " must be an integer ≥ 0, got " + value);
        }
        return n;
    }

    private static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException(file + ": " + problem.replaceAll("\\p{Cntrl}", "?"));
    }
}

package dev.descent.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.kernel.Activation;
import dev.descent.network.Loss;
import dev.descent.network.NetworkSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.StateSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks {@code descent-train-trace/1} files (see {@code TRAIN-FORMAT.md}). Everything that
 * would make a replay meaningless is a {@link TraceFormatException} naming the file and the field:
 * another format, a network torch cannot build, examples of the wrong width, a label or a batch
 * index out of range, parameters or optimizer state whose names or sizes do not fit the network, an
 * unknown optimizer or hyper-parameter, a loss count other than the step count, an invalid tolerance.
 */
public final class TrainTraceReader {

    /** The only format this reader understands. */
    public static final String FORMAT = "descent-train-trace/1";

    /** The per-parameter scalars torch keeps in an optimizer's state (0-dimensional tensors). */
    private static final Set<String> SCALARS = Set.of("step", "mu_product");

    private TrainTraceReader() {
    }

    /** Reads and validates {@code file}. */
    public static TrainTrace read(Path file) throws TraceFormatException {
        return read(file, TraceReader.json(file));
    }

    /** Validates the already parsed {@code root} of {@code file}. */
    static TrainTrace read(Path file, JsonNode root) throws TraceFormatException {
        String format = TraceReader.text(file, root, "format");
        if (!FORMAT.equals(format)) {
            throw new TraceFormatException(file, "format is '" + format + "', expected '" + FORMAT + "'");
        }
        String dtype = root.path("dtype").asText("float32");
        if (!"float32".equals(dtype)) {
            throw new TraceFormatException(file, "dtype '" + dtype + "' is not supported (only float32)");
        }
        NetworkSpec spec = model(file, root.get("model"));
        String optimizer = TraceReader.text(file, root, "optimizer");
        Map<String, Object> hyper = TraceReader.hyper(file, root.get("hyper"));
        OptimizerSpec rule;
        try {
            rule = OptimizerSpecs.fromHyper(optimizer, hyper);
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(file, e.getMessage());
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new TraceFormatException(file, "data must be {\"x\": [...], \"y\": [...]}");
        }
        int rows = data.path("x").size();
        float[] x = rows(file, data.get("x"), "data.x", spec.inputs());
        ClassificationData classes = null;
        RegressionData targets = null;
        JsonNode y = data.get("y");
        if (y == null || !y.isArray() || y.size() != rows || rows == 0) {
            throw new TraceFormatException(file, "data.x and data.y must list the same examples, at least one");
        }
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            classes = new ClassificationData(rows, spec.inputs(), spec.outputs(), x, labels(file, y, spec.outputs()));
        } else {
            targets = new RegressionData(rows, spec.inputs(), spec.outputs(), x,
                    rows(file, y, "data.y", spec.outputs()));
        }
        float[] params0 = parameters(file, root.get("params0"), "params0", spec, true);
        TrainTrace.ResumedState state0 = root.has("state0") ? state(file, root.get("state0"), spec, rule) : null;
        List<int[]> batches = batches(file, root.get("batches"), rows);
        JsonNode lossNode = root.get("losses");
        if (lossNode == null || !lossNode.isArray() || lossNode.size() != batches.size()) {
            throw new TraceFormatException(file, "losses must list one number per batch (" + batches.size() + ")");
        }
        double[] losses = new double[batches.size()];
        for (int t = 0; t < losses.length; t++) {
            losses[t] = number(file, lossNode.get(t), "losses[" + t + "]");
        }
        float[] params = parameters(file, root.get("params"), "params", spec, false);
        JsonNode tol = root.get("tolerance");
        double rtol = tolerance(file, tol, "rtol");
        double atol = tolerance(file, tol, "atol");
        double lossRtol = tolerance(file, tol, "loss_rtol");
        if (rtol + atol == 0 || lossRtol == 0) {
            throw new TraceFormatException(file, "tolerance: rtol and atol must not both be 0, loss_rtol must be > 0");
        }
        return new TrainTrace(file, root.path("source").asText(""), spec, classes, targets, optimizer, hyper, params0,
                state0, batches, losses, params, rtol, atol, lossRtol);
    }

    private static NetworkSpec model(Path file, JsonNode model) throws TraceFormatException {
        if (model == null || !model.isObject() || !model.path("layers").isArray()) {
            throw new TraceFormatException(file, "model must be {\"layers\": [...], \"activation\": ..., \"loss\": ...}");
        }
        JsonNode l = model.get("layers");
        int[] layers = new int[l.size()];
        for (int i = 0; i < layers.length; i++) {
            if (!l.get(i).canConvertToInt() || !l.get(i).isIntegralNumber()) {
                throw new TraceFormatException(file, "model.layers[" + i + "] is not an integer: " + l.get(i));
            }
            layers[i] = l.get(i).asInt();
        }
        try {
            return new NetworkSpec(layers, Activation.of(model.path("activation").asText()),
                    Loss.of(model.path("loss").asText()));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(file, "model: " + e.getMessage());
        }
    }

    /** Rows of {@code width} numbers, concatenated. */
    private static float[] rows(Path file, JsonNode node, String what, int width) throws TraceFormatException {
        if (node == null || !node.isArray()) {
            throw new TraceFormatException(file, what + " must be a list of examples");
        }
        float[] out = new float[Math.multiplyExact(node.size(), width)];
        for (int i = 0; i < node.size(); i++) {
            vector(file, node.get(i), what + "[" + i + "]", out, i * width, width);
        }
        return out;
    }

    private static int[] labels(Path file, JsonNode y, int classes) throws TraceFormatException {
        int[] out = new int[y.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(file, y.get(i), "data.y[" + i + "]", classes);
        }
        return out;
    }

    private static List<int[]> batches(Path file, JsonNode node, int rows) throws TraceFormatException {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new TraceFormatException(file, "batches must be a non-empty list of lists of example indices");
        }
        List<int[]> out = new ArrayList<>(node.size());
        for (int t = 0; t < node.size(); t++) {
            JsonNode b = node.get(t);
            if (!b.isArray() || b.isEmpty()) {
                throw new TraceFormatException(file, "batches[" + t + "] must be a non-empty list of example indices");
            }
            int[] batch = new int[b.size()];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = index(file, b.get(i), "batches[" + t + "][" + i + "]", rows);
            }
            out.add(batch);
        }
        return out;
    }

    private static int index(Path file, JsonNode v, String what, int bound) throws TraceFormatException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0 || v.asInt() >= bound) {
            throw new TraceFormatException(file, what + " must be an integer 0 … " + (bound - 1) + ", got " + v);
        }
        return v.asInt();
    }

    /**
     * The flat vector of a {@code {name: ...}} object with exactly the network's parameter names:
     * {@code {"shape", "values"}} per name if {@code shaped}, else the values alone.
     */
    private static float[] parameters(Path file, JsonNode node, String what, NetworkSpec spec, boolean shaped)
            throws TraceFormatException {
        requireNames(file, node, what, spec.parameterNames());
        float[] flat = new float[spec.parameterCount()];
        List<String> names = spec.parameterNames();
        long[] offsets = spec.parameterOffsets();
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            long[] shape = spec.parameterShapes().get(k);
            JsonNode entry = node.get(name);
            JsonNode values = entry;
            if (shaped) {
                JsonNode s = entry.get("shape");
                long[] given = new long[s == null ? 0 : s.size()];
                for (int d = 0; d < given.length; d++) {
                    given[d] = s.get(d).asLong(-1);
                }
                if (s == null || !s.isArray() || !Arrays.equals(given, shape)) {
                    throw new TraceFormatException(file, what + "['" + name + "'].shape is " + s + ", the network's is "
                            + Arrays.toString(shape));
                }
                values = entry.get("values");
            }
            int length = (int) (k + 1 < names.size() ? offsets[k + 1] - offsets[k] : flat.length - offsets[k]);
            vector(file, values, what + "['" + name + "']" + (shaped ? ".values" : ""), flat, (int) offsets[k], length);
        }
        return flat;
    }

    /**
     * A resumed run's state: every tensor named as one of the optimizer's state slots (Descent's slots
     * carry torch's state names), the same names for every parameter; per-parameter scalars are
     * torch's {@code step} (which must equal {@code state0.step}) and NAdam's {@code mu_product}.
     */
    private static TrainTrace.ResumedState state(Path file, JsonNode node, NetworkSpec spec, OptimizerSpec rule)
            throws TraceFormatException {
        if (node == null || !node.isObject() || !node.path("step").isIntegralNumber() || node.get("step").asLong() < 0) {
            throw new TraceFormatException(file, "state0 must be {\"step\": steps taken ≥ 0, \"state\": {...}}");
        }
        long step = node.get("step").asLong();
        JsonNode state = node.get("state");
        requireNames(file, state, "state0.state", spec.parameterNames());
        List<String> names = spec.parameterNames();
        long[] offsets = spec.parameterOffsets();
        Set<String> stateNames = new LinkedHashSet<>();
        state.get(names.getFirst()).fieldNames().forEachRemaining(stateNames::add);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            JsonNode perParam = state.get(name);
            Set<String> these = new LinkedHashSet<>();
            perParam.fieldNames().forEachRemaining(these::add);
            if (!these.equals(stateNames)) {
                throw new TraceFormatException(file, "state0.state['" + name + "'] holds " + these + ", '"
                        + names.getFirst() + "' holds " + stateNames + "; every parameter needs the same state");
            }
            int length = (int) (k + 1 < names.size() ? offsets[k + 1] - offsets[k] : spec.parameterCount() - offsets[k]);
            for (String s : stateNames) {
                JsonNode v = perParam.get(s);
                String where = "state0.state['" + name + "']['" + s + "']";
                if (v.isNull()) {
                    continue; // torch's None: a buffer not made yet (SGD without momentum)
                }
                if (SCALARS.contains(s) || v.isNumber()) {
                    if (v.isArray() && v.size() != 1) {
                        throw new TraceFormatException(file, where + " must be one number");
                    }
                    double value = number(file, v.isArray() ? v.get(0) : v, where); // torch's step, mu_product
                    Double before = scalars.put(s, value);
                    if (before != null && before != value) {
                        throw new TraceFormatException(file, where + " is " + value + ", another parameter's is " + before);
                    }
                    continue;
                }
                vector(file, v, where, tensors.computeIfAbsent(s, z -> new float[spec.parameterCount()]),
                        (int) offsets[k], length);
            }
        }
        List<String> slots = rule.state().stream().map(StateSpec::name).toList();
        for (String s : tensors.keySet()) {
            if (!slots.contains(s)) {
                throw new TraceFormatException(file, "state0: '" + s + "' is not a state of " + rule.name() + " ("
                        + rule + "); its states: " + String.join(", ", slots));
            }
        }
        Double perParamStep = scalars.remove("step");
        if (perParamStep != null && perParamStep != step) {
            throw new TraceFormatException(file, "state0: the parameters' step " + perParamStep + " is not state0.step "
                    + step);
        }
        for (String s : scalars.keySet()) {
            if (!s.equals("mu_product")) {
                throw new TraceFormatException(file, "state0: scalar state '" + s + "' is not one Descent loads"
                        + " (step, mu_product)");
            }
        }
        return new TrainTrace.ResumedState(step, tensors, scalars);
    }

    private static void requireNames(Path file, JsonNode node, String what, List<String> names)
            throws TraceFormatException {
        if (node == null || !node.isObject()) {
            throw new TraceFormatException(file, what + " must be an object keyed by parameter name " + names);
        }
        for (String name : names) {
            if (!node.has(name)) {
                throw new TraceFormatException(file, what + " has no '" + name + "' (the network's parameters: "
                        + String.join(", ", names) + ")");
            }
        }
        var it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new TraceFormatException(file, what + "['" + name + "'] is not a parameter of the network ("
                        + String.join(", ", names) + ")");
            }
        }
    }

    /** {@code length} numbers of {@code node} into {@code out[at …]}. */
    private static void vector(Path file, JsonNode node, String what, float[] out, int at, int length)
            throws TraceFormatException {
        if (node == null || !node.isArray() || node.size() != length) {
            throw new TraceFormatException(file, what + " must be a list of " + length + " numbers"
                    + (node != null && node.isArray() ? ", got " + node.size() : ""));
        }
        for (int i = 0; i < length; i++) {
            out[at + i] = (float) number(file, node.get(i), what + "[" + i + "]");
        }
    }

    private static double number(Path file, JsonNode v, String what) throws TraceFormatException {
        if (v == null || !v.isNumber()) {
            throw new TraceFormatException(file, what + " is not a number: " + v);
        }
        return v.asDouble();
    }

    private static double tolerance(Path file, JsonNode tol, String name) throws TraceFormatException {
        JsonNode v = tol == null ? null : tol.get(name);
        if (v == null || !v.isNumber() || !(v.asDouble() >= 0) || Double.isInfinite(v.asDouble())) {
            throw new TraceFormatException(file, "tolerance." + name + " must be a finite number ≥ 0, got " + v);
        }
        return v.asDouble();
    }
}

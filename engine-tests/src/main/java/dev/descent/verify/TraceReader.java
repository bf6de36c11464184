package dev.descent.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.optim.OptimizerSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks {@code descent-trace/1} files (see {@code FORMAT.md}). Everything that would make a
 * replay meaningless is rejected here with a {@link TraceFormatException}: a missing or unreadable
 * file, malformed JSON, another format, vectors of the wrong length or with non-numbers, an unknown
 * optimizer, an unknown hyper-parameter or an invalid value.
 */
public final class TraceReader {

    /** The only format this reader understands. */
    public static final String FORMAT = "descent-trace/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceReader() {
    }

    /** Reads and validates {@code file}. */
    public static Trace read(Path file) throws TraceFormatException {
        return read(file, json(file));
    }

    /**
     * Reads {@code file}, a {@code descent-trace/1} or a {@code descent-train-trace/1} file (told apart
     * by its {@code format}), and validates it.
     */
    public static RecordedRun readAny(Path file) throws TraceFormatException {
        JsonNode root = json(file);
        return TrainTraceReader.FORMAT.equals(root.path("format").asText()) ? TrainTraceReader.read(file, root)
                : read(file, root);
    }

    /** The JSON object of {@code file}. */
    static JsonNode json(Path file) throws TraceFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file, "no such file");
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(file, "malformed JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TraceFormatException(file, "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new TraceFormatException(file, "not a JSON object");
        }
        return root;
    }

    private static Trace read(Path file, JsonNode root) throws TraceFormatException {
        String format = text(file, root, "format");
        if (!FORMAT.equals(format)) {
            throw new TraceFormatException(file, "format is '" + format + "', expected '" + FORMAT + "' or '"
                    + TrainTraceReader.FORMAT + "'");
        }
        String optimizer = text(file, root, "optimizer");
        String dtype = root.path("dtype").asText("float32");
        if (!"float32".equals(dtype)) {
            throw new TraceFormatException(file, "dtype '" + dtype + "' is not supported (only float32)");
        }
        Map<String, Object> hyper = hyper(file, root.get("hyper"));
        try {
            OptimizerSpecs.fromHyper(optimizer, hyper);
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(file, e.getMessage());
        }
        float[] params0 = vector(file, root.get("params0"), "params0", -1);
        List<float[]> grads = vectors(file, root.get("grads"), "grads", params0.length);
        List<float[]> params = vectors(file, root.get("params"), "params", params0.length);
        if (grads.size() != params.size()) {
            throw new TraceFormatException(file, "grads has " + grads.size() + " steps but params has " + params.size());
        }
        JsonNode tol = root.get("tolerance");
        if (tol == null || !tol.path("rtol").isNumber() || !tol.path("atol").isNumber()) {
            throw new TraceFormatException(file, "tolerance must be {\"rtol\": r, \"atol\": a}");
        }
        double rtol = tol.get("rtol").asDouble();
        double atol = tol.get("atol").asDouble();
        if (!(rtol >= 0) || !(atol >= 0) || rtol + atol == 0 || Double.isInfinite(rtol + atol)) {
            throw new TraceFormatException(file, "tolerance rtol = " + rtol + ", atol = " + atol
                    + " is invalid: both must be finite and ≥ 0, not both 0");
        }
        return new Trace(file, root.path("source").asText(""), optimizer, hyper, params0, grads, params, rtol, atol);
    }

    static String text(Path file, JsonNode root, String field) throws TraceFormatException {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new TraceFormatException(file, "field '" + field + "' is missing or not a string");
        }
        return n.asText();
    }

    static Map<String, Object> hyper(Path file, JsonNode node) throws TraceFormatException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new TraceFormatException(file, "field 'hyper' must be an object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), value(e.getValue()));
        }
        return out;
    }

    private static Object value(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(x -> list.add(value(x)));
            return list;
        }
        return v.isNull() ? null : v.toString();
    }

    private static float[] vector(Path file, JsonNode node, String what, int expectedLength) throws TraceFormatException {
        if (node == null || !node.isArray()) {
            throw new TraceFormatException(file, what + " must be a list of numbers");
        }
        if (expectedLength >= 0 && node.size() != expectedLength) {
            throw new TraceFormatException(file, what + " has " + node.size() + " elements, params0 has " + expectedLength);
        }
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isNumber()) {
                throw new TraceFormatException(file, what + "[" + i + "] is not a number: " + x);
            }
            out[i] = (float) x.asDouble();
        }
        return out;
    }

    private static List<float[]> vectors(Path file, JsonNode node, String what, int length) throws TraceFormatException {
        if (node == null || !node.isArray()) {
            throw new TraceFormatException(file, what + " must be a list of vectors");
        }
        List<float[]> out = new ArrayList<>(node.size());
        for (int t = 0; t < node.size(); t++) {
            out.add(vector(file, node.get(t), what + "[" + t + "]", length));
        }
        return out;
    }
}

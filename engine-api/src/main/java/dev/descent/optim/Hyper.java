package dev.descent.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An optimizer's torch-named hyper-parameters as a trace file or the command line gives them, read by
 * the spec's {@code fromHyper}: each read names its key, so that {@link #rejectUnused} can report the
 * keys no spec read; a value of the wrong kind throws {@link IllegalArgumentException} naming it.
 */
final class Hyper {

    /** torch keys that only choose an implementation and never change the numbers. */
    private static final List<String> IMPLEMENTATION_KEYS = List.of("foreach", "differentiable", "capturable", "fused");

    private final String optimizer;
    private final Map<String, ?> values;
    private final TreeSet<String> used = new TreeSet<>();

    Hyper(String optimizer, Map<String, ?> values) {
        this.optimizer = optimizer;
        this.values = values;
        used.addAll(IMPLEMENTATION_KEYS);
    }

    /** The optimizer's name, for messages. */
    String optimizer() {
        return optimizer;
    }

    boolean has(String key) {
        used.add(key);
        return values.containsKey(key) && values.get(key) != null;
    }

    double num(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        return toDouble(key, values.get(key));
    }

    int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        double v = toDouble(key, values.get(key));
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be an integer, got "
                    + values.get(key));
        }
        return (int) v;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be true or false, got " + v);
    }

    String string(String key) {
        Object v = values.get(key);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be a string, got " + v);
    }

    double pair(String key, int index, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = values.get(key);
        if (v instanceof List<?> list && list.size() == 2) {
            return toDouble(key + "[" + index + "]", list.get(index));
        }
        if (v instanceof double[] arr && arr.length == 2) {
            return arr[index];
        }
        throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be a pair of numbers, got " + v);
    }

    void rejectUnused() {
        List<String> unknown = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(used);
            known.removeAll(IMPLEMENTATION_KEYS);
            throw new IllegalArgumentException("unknown hyper-parameter" + (unknown.size() > 1 ? "s " : " ")
                    + unknown + " for " + optimizer + " (known: " + String.join(", ", known) + ")");
        }
    }

    /**
     * A map of torch names to values, in the order given ({@code key, value, key, value, ...}), as a
     * spec's {@code hyper()} writes it: numbers as {@link Double}, flags as {@link Boolean}, pairs as
     * two-element lists ({@link #pair}), labels as strings.
     */
    static Map<String, Object> named(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** torch's tuple of two numbers ({@code betas}, {@code etas}, ...), as a list. */
    static List<Double> pair(double first, double second) {
        return List.of(first, second);
    }

    private double toDouble(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be a number, got " + v);
    }
}

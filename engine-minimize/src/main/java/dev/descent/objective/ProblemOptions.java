package dev.descent.objective;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The options of one problem, read with their types and checked: an unknown option or a value
 * that does not parse is an {@link IllegalArgumentException} naming the problem, the option and
 * the value.
 */
final class ProblemOptions {

    private final String problem;
    private final Map<String, String> values;
    private final Set<String> known = new LinkedHashSet<>();

    ProblemOptions(String problem, Map<String, String> values, String... known) {
        this.problem = problem;
        this.values = new TreeMap<>(values);
        this.known.addAll(List.of(known));
        List<String> unknown = new ArrayList<>();
        for (String key : this.values.keySet()) {
            if (!this.known.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(k -> "'" + k + "'").toList()) + " for problem '" + problem
                    + "' (" + (this.known.isEmpty() ? "it takes no options" : "options: " + String.join(", ", this.known))
                    + ")");
        }
    }

    /** Throws unless {@code values} is empty: for the problems that take no options. */
    static void requireNone(String problem, Map<String, String> values) {
        new ProblemOptions(problem, values);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw invalid(key, v, "is not a number");
        }
    }

    long integer(String key, long fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw invalid(key, v, "is not an integer");
        }
    }

    int positiveInt(String key, int fallback) {
        long v = integer(key, fallback);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw invalid(key, values.get(key), "must be an integer in [1, " + Integer.MAX_VALUE + "]");
        }
        return (int) v;
    }

    boolean flag(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw invalid(key, v, "is not true or false");
        };
    }

    IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException("problem '" + problem + "': option " + key + " = '" + value + "' " + why);
    }

    /** Throws when {@code key} was given although it does not apply ({@code why} says when it does). */
    void reject(String key, String why) {
        if (has(key)) {
            throw new IllegalArgumentException("problem '" + problem + "': option '" + key + "' " + why);
        }
    }
}

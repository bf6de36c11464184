package dev.descent.optim.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected values torch computed for the schedule tests, read from the test resources that
 * {@code engine-api/src/test/python/torch_lr_schedules.py} writes ({@code case} lines of torch's arguments,
 * each followed by rows of one value per step).
 */
record TorchCases(String name, Map<String, String> args, Map<String, double[]> rows) {

    /** The cases of resource {@code file} (beside this class). */
    static List<TorchCases> read(String file) {
        String text;
        try (InputStream in = TorchCases.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + file + ": run torch_lr_schedules.py");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<TorchCases> cases = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.trim().split(" ");
            if (words[0].equals("case")) {
                Map<String, String> args = new LinkedHashMap<>();
                for (String kv : Arrays.asList(words).subList(2, words.length)) {
                    int eq = kv.indexOf('=');
                    args.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                cases.add(new TorchCases(words[1], args, new LinkedHashMap<>()));
            } else {
                double[] values = new double[words.length - 1];
                for (int i = 1; i < words.length; i++) {
                    values[i - 1] = number(words[i]);
                }
                cases.getLast().rows().put(words[0], values);
            }
        }
        return cases;
    }

    /** A number as Python's repr writes it ({@code nan}, {@code inf}, {@code -inf} included). */
    static double number(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    double num(String key, double fallback) {
        return args.containsKey(key) ? number(args.get(key)) : fallback;
    }

    long integer(String key, long fallback) {
        return args.containsKey(key) ? Long.parseLong(args.get(key)) : fallback;
    }

    boolean flag(String key, boolean fallback) {
        return args.containsKey(key) ? Boolean.parseBoolean(args.get(key).toLowerCase()) : fallback;
    }

    /** A comma-separated list of numbers (per-group arguments). */
    double[] numbers(String key) {
        return Arrays.stream(args.get(key).split(",")).mapToDouble(TorchCases::number).toArray();
    }

    double[] row(String row) {
        double[] v = rows.get(row);
        if (v == null) {
            throw new AssertionError(name + ": no row '" + row + "' (rows: " + rows.keySet() + ")");
        }
        return v;
    }

    @Override
    public String toString() {
        return name;
    }
}

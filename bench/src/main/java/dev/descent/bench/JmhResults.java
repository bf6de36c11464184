package dev.descent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the JSON file JMH writes with {@code -rf json -rff FILE} into {@link BenchResult}s: one per
 * benchmark and parameter combination, with the rate of every measured iteration of every fork.
 */
final class JmhResults {

    private static final String STEP_SUFFIX = "StepBenchmark";

    private JmhResults() {
    }

    /** Every result in {@code file}; throws {@link IllegalArgumentException} for one that cannot be read. */
    static List<BenchResult> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result (expected an array of benchmarks)");
        }
        List<BenchResult> results = new ArrayList<>();
        for (JsonNode run : root) {
            results.add(toResult(file, run));
        }
        return results;
    }

    private static BenchResult toResult(Path file, JsonNode run) {
        String benchmark = run.path("benchmark").asText();
        JsonNode params = run.path("params");
        String kernel = firstParam(params, "optimizer", "loop", "kernel");
        if (kernel == null || !params.has("size")) {
            throw new IllegalArgumentException(file + ": benchmark " + benchmark
                    + " has no optimizer/loop/kernel or no size parameter");
        }
        long size = Long.parseLong(params.path("size").asText());
        int threads = params.has("threads") ? Integer.parseInt(params.path("threads").asText()) : 1;
        JsonNode metric = run.path("primaryMetric");
        String unit = metric.path("scoreUnit").asText();
        List<Double> rates = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode score : fork) {
                rates.add(elementsPerSecond(score.asDouble(), unit, size, benchmark));
            }
        }
        // Many tensors are a variant of their own ("simd-1000x"): same size, different work per element.
        String layout = params.path("layout").asText(OptimizerStepBenchmark.ONE_TENSOR);
        String variant = variantOf(benchmark)
                + (layout.equals(OptimizerStepBenchmark.ONE_TENSOR) ? "" : "-" + layout);
        return new BenchResult(variant, kernel, size, threads,
                rates.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String firstParam(JsonNode params, String... names) {
        for (String name : names) {
            if (params.has(name)) {
                return params.path(name).asText();
            }
        }
        return null;
    }

    /**
     * Where a benchmark ran, from its class and method: {@code <Backend>StepBenchmark.step} is that
     * backend ({@code simd}), its other methods are suffixed ({@code simd-kernel}); the plain loops
     * and the copy/triad baselines have names of their own.
     */
    static String variantOf(String benchmark) {
        String[] parts = benchmark.split("\\.");
        String cls = parts.length >= 2 ? parts[parts.length - 2] : benchmark;
        String method = parts[parts.length - 1];
        if (cls.endsWith(STEP_SUFFIX) && cls.length() > STEP_SUFFIX.length()) {
            String backend = cls.substring(0, cls.length() - STEP_SUFFIX.length()).toLowerCase(Locale.ROOT);
            return method.equals("step") ? backend : backend + "-" + method;
        }
        return switch (cls) {
            case "PlainJavaLoopBenchmark" -> "plain-java";
            case "BandwidthBaselineBenchmark" -> "java-baseline";
            default -> cls;
        };
    }

    /** Elements per second from one score: time per step ({@code us/op}, ...) or steps per time ({@code ops/s}, ...). */
    static double elementsPerSecond(double score, String unit, long size, String benchmark) {
        String[] u = unit.split("/");
        if (u.length != 2) {
            throw new IllegalArgumentException(benchmark + ": unexpected score unit '" + unit + "'");
        }
        if (u[1].equals("op")) {
            return size / (score * secondsPer(u[0], benchmark));
        }
        if (u[0].equals("ops")) {
            return size * score / secondsPer(u[1], benchmark);
        }
        throw new IllegalArgumentException(benchmark + ": unexpected score unit '" + unit
                + "' (use -bm avgt or -bm thrpt)");
    }

    private static double secondsPer(String timeUnit, String benchmark) {
        return switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> throw new IllegalArgumentException(benchmark + ": unexpected time unit '" + timeUnit + "'");
        };
    }
}

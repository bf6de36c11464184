package dev.descent.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a JMH JSON result (and optionally {@code bench/c/run.sh}'s output) into one Markdown table:
 * per kernel, variant, size and thread count, the median rate in G elements/s with the min–max over
 * the measured iterations, the effective GB/s ({@link BytesPerElement}), the share of the Java
 * copy bandwidth measured in the same run at the same size (its best thread count), and the ratio
 * to the fused C loop of the same kernel, size and thread count.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.descent.bench.BenchReport result.json [c-results.txt]
 * </pre>
 */
public final class BenchReport {

    /** Display order of variants within one kernel, size and thread count; others come after. */
    private static final List<String> VARIANT_ORDER = List.of("reference", "reference-kernel", "plain-java", "simd",
            "simd-kernel", "c", "java-baseline");

    private BenchReport() {
    }

    /** Prints the table; arguments: the JMH JSON result, then optionally {@code bench/c/run.sh}'s output. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BenchReport <jmh-result.json> [bench/c/run.sh output]");
            System.exit(2);
        }
        List<BenchResult> results = new ArrayList<>(JmhResults.read(requireFile(args[0])));
        if (args.length == 2) {
            results.addAll(CLoopResults.read(requireFile(args[1])));
        }
        print(results, System.out);
    }

    private static Path requireFile(String name) {
        Path p = Path.of(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + p.toAbsolutePath());
        }
        return p;
    }

    /** Writes the table of {@code results}, sorted by kernel, size, threads and variant. */
    static void print(List<BenchResult> results, PrintStream out) {
        List<BenchResult> sorted = new ArrayList<>(results);
        List<String> kernels = BytesPerElement.kernels();
        sorted.sort(Comparator.comparingInt((BenchResult r) -> kernels.indexOf(r.kernel()))
                .thenComparingLong(BenchResult::size)
                .thenComparingInt(BenchResult::threads)
                .thenComparingInt(r -> variantRank(r.variant())));
        out.println("| kernel | variant | size | threads | G elements/s median (min–max) | GB/s | % of copy | × C loop |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (BenchResult r : sorted) {
            String copyShare = bestCopy(results, r.size())
                    .map(copy -> percent(r.medianGigabytesPerSecond() / copy.medianGigabytesPerSecond()))
                    .orElse("–");
            String vsC = r.variant().equals("c") ? "–"
                    : find(results, "c", r.kernel(), r).map(c -> ratio(r.medianRate() / c.medianRate())).orElse("–");
            out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.3f (%.3f–%.3f) | %.1f | %s | %s |%n", r.kernel(), r.variant(),
                    sizeLabel(r.size()), r.threads(), r.medianRate() / 1e9, r.minRate() / 1e9, r.maxRate() / 1e9,
                    r.medianGigabytesPerSecond(), copyShare, vsC);
        }
    }

    /**
     * The Java copy of {@code size} elements with the highest median bandwidth, whatever its thread
     * count: what the memory system gives at that size. (The copy at the same thread count would
     * be a poor yardstick where handing work to a second thread costs more than the copy itself.)
     */
    private static Optional<BenchResult> bestCopy(List<BenchResult> results, long size) {
        return results.stream()
                .filter(r -> r.variant().equals("java-baseline") && r.kernel().equals("copy") && r.size() == size)
                .max(Comparator.comparingDouble(BenchResult::medianRate));
    }

    private static Optional<BenchResult> find(List<BenchResult> results, String variant, String kernel, BenchResult like) {
        return results.stream()
                .filter(r -> r.variant().equals(variant) && r.kernel().equals(kernel) && r.sameShape(like))
                .findFirst();
    }

    private static int variantRank(String variant) {
        int i = VARIANT_ORDER.indexOf(variant);
        return i >= 0 ? i : VARIANT_ORDER.size();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    /** 1000 → 1e3, 10000000 → 1e7; other sizes as they are. */
    static String sizeLabel(long size) {
        int exponent = 0;
        long s = size;
        while (s >= 10 && s % 10 == 0) {
            s /= 10;
            exponent++;
        }
        return s == 1 && exponent > 0 ? "1e" + exponent : Long.toString(size);
    }
}

package dev.descent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code bench/c/run.sh} prints into {@link BenchResult}s of variant {@code c}. A line
 * reads {@code adam n=10000000 threads=1 G elements/s median 1.752 (min 1.500, max 1.860) GB/s 49.0};
 * lines starting with {@code #} are comments.
 */
final class CLoopResults {

    private static final Pattern LINE = Pattern.compile(
            "(\\S+)\\s+n=(\\d+)\\s+threads=(\\d+)\\s+G elements/s median ([\\d.]+) \\(min ([\\d.]+), max ([\\d.]+)\\).*");

    private CLoopResults() {
    }

    /** Every result in {@code file}; throws {@link IllegalArgumentException} naming a line it cannot read. */
    static List<BenchResult> read(Path file) throws IOException {
        List<BenchResult> results = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a line of bench/c/run.sh: " + line);
            }
            // run.sh prints the median and the extremes; keep those three as the samples.
            double[] rates = {Double.parseDouble(m.group(5)) * 1e9, Double.parseDouble(m.group(4)) * 1e9,
                Double.parseDouble(m.group(6)) * 1e9};
            results.add(new BenchResult("c", m.group(1), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)), rates));
        }
        return results;
    }
}

package dev.descent.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * What a CSV or LIBSVM file holds by the rules {@link SparkData} documents, parsed in plain Java
 * without Spark: the oracle of {@link SparkDataFuzzTest}. Lines whose {@code trim()} is empty are
 * skipped, as Spark's readers skip them; labels 0 and −1 become −1, 1 stays +1. A field is a number
 * when {@link Double#parseDouble} reads it; a value must be finite.
 *
 * <p>CSV: the first line is a header when none of its fields parses as a number; every line has the first
 * line's number of fields (at least two), each a number ({@link Double#parseDouble}), the label last.
 * LIBSVM (Spark's {@code MLUtils.parseLibSVMRecord}): the trimmed line split on single spaces, a
 * label, then {@code index:value} items (empty items skipped) with indices from 1, ascending; lines
 * starting with {@code #} are comments; the number of features is the largest index in the file.
 */
final class PlainParse {

    private PlainParse() {
    }

    /**
     * The examples of a file, or why it is not one.
     *
     * @param rows the examples
     * @param cols features per example
     * @param features {@code rows·cols} values, row-major
     * @param labels {@code rows} labels, ±1
     * @param problem null for a valid file, else what is wrong
     */
    record Parsed(int rows, int cols, double[] features, double[] labels, String problem) {

        boolean valid() {
            return problem == null;
        }

        static Parsed bad(String problem) {
            return new Parsed(0, 0, null, null, problem);
        }
    }

    static Parsed parse(String text, DataFormat format) {
        List<String> lines = text.lines().filter(line -> !line.trim().isEmpty()).toList();
        return switch (format) {
            case CSV -> csv(lines);
            case LIBSVM -> libsvm(lines);
            case PARQUET -> throw new IllegalArgumentException("not a text format");
        };
    }

    private static Parsed csv(List<String> lines) {
        if (lines.isEmpty()) {
            return Parsed.bad("no lines");
        }
        String[] first = lines.getFirst().split(",", -1);
        boolean header = true;
        for (String field : first) {
            try {
                Double.parseDouble(field.strip());
                header = false;
            } catch (NumberFormatException e) {
                // not a number: the line may be a header
            }
        }
        int n = first.length;
        if (n < 2) {
            return Parsed.bad("one column");
        }
        List<double[]> rows = new ArrayList<>();
        for (String line : header ? lines.subList(1, lines.size()) : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length != n) {
                return Parsed.bad("a line of " + fields.length + " fields, expected " + n);
            }
            double[] row = new double[n];
            for (int j = 0; j < n; j++) {
                row[j] = number(fields[j]);
                if (Double.isNaN(row[j])) {
                    return Parsed.bad("not a number: '" + fields[j] + "'");
                }
            }
            rows.add(row);
        }
        return examples(rows, n - 1);
    }

    private static Parsed libsvm(List<String> lines) {
        List<double[]> sparse = new ArrayList<>(); // label, then index and value pairs (indices from 0)
        int cols = 0;
        for (String line : lines) {
            if (line.trim().startsWith("#")) {
                continue; // a comment
            }
            String[] items = line.trim().split(" ");
            List<Double> row = new ArrayList<>();
            row.add(number(items[0]));
            int previous = 0;
            for (int k = 1; k < items.length; k++) {
                if (items[k].isEmpty()) {
                    continue;
                }
                String[] pair = items[k].split(":", -1);
                if (pair.length != 2) {
                    return Parsed.bad("item '" + items[k] + "'");
                }
                int index;
                try {
                    index = Integer.parseInt(pair[0]);
                } catch (NumberFormatException e) {
                    return Parsed.bad("index '" + pair[0] + "'");
                }
                if (index <= previous) {
                    return Parsed.bad("index " + index + " after " + previous);
                }
                previous = index;
                row.add((double) index - 1);
                row.add(number(pair[1]));
            }
            if (row.stream().anyMatch(v -> Double.isNaN(v))) {
                return Parsed.bad("not a number in '" + line + "'");
            }
            cols = Math.max(cols, previous);
            sparse.add(row.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (sparse.isEmpty()) {
            return Parsed.bad("no examples");
        }
        List<double[]> rows = new ArrayList<>();
        for (double[] s : sparse) {
            double[] row = new double[cols + 1];
            for (int k = 1; k < s.length; k += 2) {
                row[(int) s[k]] = s[k + 1];
            }
            row[cols] = s[0];
            rows.add(row);
        }
        return examples(rows, cols);
    }

    /** Dense rows, the label last, as examples; a label other than 0, 1, −1 makes the file bad. */
    private static Parsed examples(List<double[]> rows, int cols) {
        if (rows.isEmpty()) {
            return Parsed.bad("no examples");
        }
        if (cols < 1) {
            return Parsed.bad("no features");
        }
        double[] x = new double[rows.size() * cols];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            System.arraycopy(row, 0, x, i * cols, cols);
            double label = row[cols];
            if (label != 0 && label != 1 && label != -1) {
                return Parsed.bad("label " + label);
            }
            y[i] = label == 1 ? 1 : -1;
        }
        return new Parsed(rows.size(), cols, x, y, null);
    }

    /** {@code field} as a finite number, or NaN when it is none (NaN and ±∞ are errors in a file). */
    private static double number(String field) {
        try {
            double v = Double.parseDouble(field.strip());
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}

package dev.descent.objective;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link LabeledData} set from a CSV file: one example per line, the features then the
 * label in the last column, comma-separated. Labels 0/1 are mapped to −1/+1 (−1/+1 are kept). The
 * first line is a header, and skipped, when none of its fields is a number. Blank lines are
 * ignored. Anything else malformed is an {@link IllegalArgumentException} naming the file and the
 * line.
 */
public final class LabeledDataCsv {
    private LabeledDataCsv() {
    }

    /** The data set in {@code file}. */
    public static LabeledData read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The data set in the text of {@code in}; {@code source} names it in errors. */
    static LabeledData parse(String source, BufferedReader in) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int cols = -1;
        int lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (rows.isEmpty() && cols < 0 && isHeader(fields)) {
                cols = fields.length - 1;
                continue;
            }
            if (fields.length < 2) {
                throw malformed(source, lineNumber, "expected features and a label, found " + fields.length + " field");
            }
            if (cols < 0) {
                cols = fields.length - 1;
            } else if (fields.length - 1 != cols) {
                throw malformed(source, lineNumber, "expected " + (cols + 1) + " fields (" + cols
                        + " features and a label), found " + fields.length);
            }
            double[] row = new double[fields.length];
            for (int j = 0; j < fields.length; j++) {
                row[j] = number(source, lineNumber, j, fields[j]);
            }
            row[cols] = label(source, lineNumber, row[cols], fields[cols]);
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": no examples");
        }
        double[] x = new double[Math.multiplyExact(rows.size(), cols)];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, x, i * cols, cols);
            y[i] = rows.get(i)[cols];
        }
        return new LabeledData(rows.size(), cols, x, y);
    }

    private static boolean isHeader(String[] fields) {
        for (String f : fields) {
            if (parses(f.strip())) {
                return false;
            }
        }
        return true;
    }

    private static boolean parses(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String source, int line, int field, String text) {
        String s = text.strip();
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the position
        }
        throw malformed(source, line, "field " + (field + 1) + " '" + s + "' is not a finite number");
    }

    private static double label(String source, int line, double value, String text) {
        if (value == 1) {
            return 1;
        }
        if (value == 0 || value == -1) {
            return -1;
        }
        throw malformed(source, line, "label '" + text.strip() + "' is not 0, 1, -1 or +1");
    }

    private static IllegalArgumentException malformed(String source, int line, String what) {
        return new IllegalArgumentException(source + " line " + line + ": " + what);
    }
}

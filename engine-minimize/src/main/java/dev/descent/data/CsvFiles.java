package dev.descent.data;

import java.io.IOException;
import java.io.LineNumberReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a classification set from a CSV file (RFC 4180's comma-separated lines, without quoting):
 * one example per line, its features then its class label in the last cell. Features are finite
 * numbers (read as doubles, stored as floats); a label is an integer in {@code 0 … classes − 1}
 * (written {@code 3} or {@code 3.0}). A first line none of whose cells is a number is a header and is
 * skipped; blank lines are skipped; cells may be surrounded by spaces.
 *
 * <p>Every malformed file — no examples, a line with another number of cells than the first, a
 * cell that is not a finite number, a label that is not an integer in range — is an {@link
 * IllegalArgumentException} whose one-line message starts with {@code file:line:column:} (line and
 * column counted from 1, the column being the cell's position on its line). Memory grows with the
 * values actually read.
 */
public final class CsvFiles {

    private CsvFiles() {
    }

    /**
     * The examples of {@code file}, with labels in {@code 0 … classes − 1}.
     *
     * @throws IllegalArgumentException naming {@code file:line:column} and the problem, when the file
     *     is malformed, or when {@code classes < 2}
     * @throws UncheckedIOException when the file cannot be read
     */
    public static ClassificationData read(Path file, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classification needs at least 2 classes, got " + classes);
        }
        try (LineNumberReader in = new LineNumberReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            return parse(file.toString(), in, classes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a text file (not UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ClassificationData parse(String source, LineNumberReader in, int classes) throws IOException {
        float[] features = new float[1024];
        int[] labels = new int[64];
        int rows = 0;
        int cols = -1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            int lineNumber = in.getLineNumber();
            String[] cells = line.split(",", -1);
            boolean header = rows == 0 && cols < 0 && noNumber(cells);
            if (line.isBlank() || header) {
                continue;
            }
            if (cols < 0) {
                if (cells.length < 2) {
                    throw bad(source, lineNumber, 1, "a line needs at least one feature and a label, found 1 cell");
                }
                cols = cells.length - 1;
            } else if (cells.length != cols + 1) {
                throw bad(source, lineNumber, Math.min(cells.length, cols + 1) + 1, // the first missing or extra cell
                        "expected " + (cols + 1) + " cells (" + cols + " features and a label), found " + cells.length);
            }
            if ((long) (rows + 1) * cols > Integer.MAX_VALUE - 8) {
                throw bad(source, lineNumber, 1, "more feature values than an array holds");
            }
            if (features.length < (rows + 1) * cols) {
                features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max((long) (rows + 1) * cols, 2L * features.length)));
            }
            for (int j = 0; j < cols; j++) {
                features[rows * cols + j] = (float) feature(source, lineNumber, j, cells[j]);
            }
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, 2 * rows);
            }
            labels[rows] = label(source, lineNumber, cols, cells[cols], classes);
            rows++;
        }
        if (rows == 0) {
            throw new IllegalArgumentException(source + ": no examples (an empty file, or only a header)");
        }
        return new ClassificationData(rows, cols, classes, Arrays.copyOf(features, rows * cols),
                Arrays.copyOf(labels, rows));
    }

    private static boolean noNumber(String[] cells) {
        for (String c : cells) {
            try {
                Double.parseDouble(c.strip());
                return false;
            } catch (NumberFormatException e) {
                // not a number: still a header candidate
            }
        }
        return true;
    }

    private static double feature(String source, int line, int cell, String text) {
        double v = number(source, line, cell, text, "feature");
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw bad(source, line, cell + 1, "feature '" + shown(text.strip()) + "' is not a finite float");
        }
        return v;
    }

    private static int label(String source, int line, int cell, String text, int classes) {
        double v = number(source, line, cell, text, "label");
        if (v != Math.rint(v) || v < 0 || v >= classes) {
            throw bad(source, line, cell + 1, "label '" + shown(text.strip()) + "' is not a class 0 … " + (classes - 1));
        }
        return (int) v;
    }

    private static double number(String source, int line, int cell, String text, String what) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw bad(source, line, cell + 1, what + " '" + shown(text.strip()) + "' is not a number");
        }
    }

    /** A cell as an error message quotes it: at most 40 characters, control characters as '?'. */
    private static String shown(String cell) {
        String s = cell.length() > 40 ? cell.substring(0, 40) + "…" : cell;
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    private static IllegalArgumentException bad(String source, int line, int column, String problem) {
        return new IllegalArgumentException(source + ":" + line + ":" + column + ": " + problem);
    }
}

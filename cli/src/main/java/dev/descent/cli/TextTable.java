package dev.descent.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: columns padded to their widest cell, two spaces apart, numbers right-aligned. */
final class TextTable {

    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headers. */
    TextTable(String... headers) {
        this.headers = headers.clone();
        this.rightAligned = new boolean[headers.length];
    }

    /** Right-aligns the columns at these 0-based positions (the numeric ones). */
    TextTable alignRight(int... columns) {
        for (int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    /** Adds a row; it must have one cell per column. */
    void add(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row " + Arrays.toString(cells) + " has " + cells.length
                    + " cells, the table has " + headers.length + " columns");
        }
        rows.add(cells.clone());
    }

    /** Prints the header and the rows to {@code out}. */
    void print(PrintStream out) {
        print(out, true);
    }

    /** Prints only the rows, aligned among themselves (for lists such as the help's commands). */
    void printRows(PrintStream out) {
        print(out, false);
    }

    /** The rows as {@link #printRows} prints them, each line ending in a newline. */
    String rowsText() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            printRows(out);
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    private void print(PrintStream out, boolean withHeader) {
        int[] width = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            width[c] = withHeader ? headers[c].length() : 0;
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        if (withHeader) {
            printRow(out, headers, width);
        }
        for (String[] row : rows) {
            printRow(out, row, width);
        }
    }

    private void printRow(PrintStream out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(width[c] - cells[c].length());
            line.append(rightAligned[c] ? pad + cells[c] : cells[c] + pad);
        }
        out.println(line.toString().stripTrailing());
    }
}

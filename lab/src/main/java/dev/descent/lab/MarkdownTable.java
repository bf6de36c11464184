package dev.descent.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row: {@code new MarkdownTable("lr", "loss").row("0.1", "3e-4").text()}. */
public final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headings. */
    public MarkdownTable(String... header) {
        if (header.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.header = List.of(header);
    }

    /** Adds a row of exactly as many cells as there are columns. */
    public MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size()
                    + " columns");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c).replace("|", "\\|").replace("\n", " "));
        }
        rows.add(r);
        return this;
    }

    /** {@code value} with four significant digits ({@code 1.235e-05}, {@code 0.5000}). */
    public static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }

    /** The table in Markdown, one line per row, ending with a newline. */
    public String text() {
        StringBuilder s = new StringBuilder();
        line(s, header);
        s.append('|');
        header.forEach(h -> s.append(" --- |"));
        s.append('\n');
        rows.forEach(r -> line(s, r));
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells) {
        s.append('|');
        cells.forEach(c -> s.append(' ').append(c).append(" |"));
        s.append('\n');
    }
}

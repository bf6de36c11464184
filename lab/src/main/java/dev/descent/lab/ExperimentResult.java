package dev.descent.lab;

import java.util.List;
import java.util.Objects;

/**
 * What one experiment produced.
 *
 * @param name the experiment's name ({@link Experiment#name()})
 * @param title its title
 * @param table its numbers as a Markdown table ({@link MarkdownTable})
 * @param figures its figures, relative to the lab's output folder, PNG (an SVG of the same name lies beside each)
 * @param claims a verdict per claim, in the order of the course
 */
public record ExperimentResult(String name, String title, String table, List<String> figures, List<Claim> claims) {

    public ExperimentResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(table, "table");
        figures = List.copyOf(figures);
        claims = List.copyOf(claims);
        if (claims.isEmpty()) {
            throw new IllegalArgumentException("experiment '" + name + "' checks no claim");
        }
    }

    /** Whether every claim holds. */
    public boolean allHold() {
        return claims.stream().allMatch(Claim::holds);
    }
}

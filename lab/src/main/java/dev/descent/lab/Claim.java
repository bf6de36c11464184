package dev.descent.lab;

import java.util.Objects;

/**
 * One claim an experiment checks, with what it measured and the verdict.
 *
 * @param statement the claim, as the course or the paper makes it
 * @param source where it is made: a paper, book or lecture, precisely ({@code Wilson et al., NIPS 2017, §3.3})
 * @param measured one line of the numbers that decide it
 * @param holds whether the measurement bears the claim out
 * @param figure the figure that shows it, relative to the lab's output folder ({@code momentum/velocity.png})
 */
public record Claim(String statement, String source, String measured, boolean holds, String figure) {

    public Claim {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(figure, "figure");
        if (measured.contains("\n")) {
            throw new IllegalArgumentException("a claim's measurement is one line, got: " + measured);
        }
    }

    /** The report's verdict line: {@code Verdict: holds} or {@code Verdict: does not hold}. */
    public String verdict() {
        return holds ? "Verdict: holds" : "Verdict: does not hold";
    }
}

package dev.descent.minimize;

/**
 * What a line search found: the accepted point, or the reason it failed.
 *
 * @param point the accepted point, or on failure the last point evaluated (φ(0) if none)
 * @param trials evaluations of φ the search made
 * @param failure null when a step was accepted
 * @param detail on failure, the numbers behind the reason; empty otherwise
 */
public record LineSearchResult(LinePoint point, int trials, LineSearchFailure failure, String detail) {

    /** An accepted step. */
    public static LineSearchResult accepted(LinePoint point, int trials) {
        return new LineSearchResult(point, trials, null, "");
    }

    /** A failure: {@code why} is reported as "{@code failure}: {@code why}". */
    public static LineSearchResult failed(LineSearchFailure failure, String why, LinePoint last, int trials) {
        return new LineSearchResult(last, trials, failure, failure.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + ": " + why);
    }

    /** Whether a step was accepted. */
    public boolean accepted() {
        return failure == null;
    }

    /** The accepted step α. */
    public double step() {
        return point.step();
    }
}

package dev.descent.minimize;

/** The objective restricted to a line, {@code φ(α) = f(x + αd)}, as a line search sees it. */
@FunctionalInterface
public interface LineFunction {

    /** Evaluates φ and φ' at {@code step}. */
    LinePoint at(double step);
}

package dev.descent.minimize;

/**
 * One evaluation of {@code φ(α) = f(x + αd)} along a search direction.
 *
 * @param step α
 * @param value φ(α)
 * @param slope φ'(α) = ∇f(x + αd)ᵀd
 */
public record LinePoint(double step, double value, double slope) {
}

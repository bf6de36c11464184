package dev.descent.bench.harness;

/**
 * How a case's elements are laid out: one tensor, or many tensors of equal size stepped either as
 * one parameter group (one fused call of the backend's kernel over all of them) or as one group per
 * tensor (one call each, as an optimizer without a multi-tensor path does).
 *
 * @param tensors the number of parameter tensors
 * @param elementsEach the elements of each
 * @param fused whether the tensors form one group (always true for one tensor)
 */
public record Layout(int tensors, int elementsEach, boolean fused) {

    public Layout {
        if (tensors < 1 || elementsEach < 1) {
            throw new IllegalArgumentException("a layout needs at least one tensor of one element, got " + tensors
                    + " of " + elementsEach);
        }
        if (tensors == 1 && !fused) {
            throw new IllegalArgumentException("one tensor is one group: a single-tensor layout is fused");
        }
    }

    /** One tensor of {@code elements}. */
    public static Layout single(int elements) {
        return new Layout(1, elements, true);
    }

    /** The elements of all tensors together. */
    public long total() {
        return (long) tensors * elementsEach;
    }

    /** {@code 1e7}, {@code 1000×1e4} (one group) or {@code 1000×1e4 per-tensor} (a group each). */
    public String label() {
        if (tensors == 1) {
            return Sizes.compact(elementsEach);
        }
        return tensors + "×" + Sizes.compact(elementsEach) + (fused ? "" : " per-tensor");
    }
}

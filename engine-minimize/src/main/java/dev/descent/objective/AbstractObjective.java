package dev.descent.objective;

import dev.descent.tensor.Tensor;

/**
 * What every built-in problem shares: its name, its dimension, and the checks of the tensors and
 * mini-batches it is handed.
 */
public abstract class AbstractObjective implements Objective {

    private final String name;
    private final int dimension;

    /** A problem called {@code name} with {@code dimension ≥ 1} variables. */
    protected AbstractObjective(String name, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("problem '" + name + "' needs n ≥ 1, got n = " + dimension);
        }
        this.name = name;
        this.dimension = dimension;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    /** Throws unless {@code t} holds {@link #dimension()} elements, naming its {@code role}. */
    protected final void requireSize(Tensor t, String role) {
        if (t.size() != dimension) {
            throw new IllegalArgumentException("problem '" + name + "' has n = " + dimension + " but " + role
                    + " tensor '" + t.name() + "' has " + t.size() + " elements");
        }
    }

    /** Throws {@link IllegalArgumentException} for an empty batch or an index outside [0, examples). */
    protected final void checkBatch(int[] batch, int examples) {
        if (batch.length == 0) {
            throw new IllegalArgumentException("problem '" + name + "': a batch needs at least one example");
        }
        for (int i : batch) {
            if (i < 0 || i >= examples) {
                throw new IllegalArgumentException("problem '" + name + "': example index " + i
                        + " is out of range [0, " + examples + ")");
            }
        }
    }

    /** Checks an option shared by several problems: the dimension must be exactly {@code required}. */
    static void requireDimension(String problem, int n, int required) {
        if (n != required) {
            throw new IllegalArgumentException("problem '" + problem + "' is " + required + "-dimensional; n = " + n
                    + " is invalid");
        }
    }
}

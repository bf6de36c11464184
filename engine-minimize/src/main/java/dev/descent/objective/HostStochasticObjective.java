package dev.descent.objective;

import dev.descent.tensor.Tensor;

/**
 * A {@link HostObjective} that is a mean over examples: the tensor-level mini-batch call checks the
 * batch, moves {@code x} to the host and the gradient back, once, for every such problem; subclasses
 * write only the array-level rule.
 */
public abstract class HostStochasticObjective extends HostObjective implements StochasticObjective {

    /** A problem called {@code name} with {@code dimension ≥ 1} variables. */
    protected HostStochasticObjective(String name, int dimension) {
        super(name, dimension);
    }

    /** {@code f_B(x)} over the examples {@code batch} (already checked); writes {@code ∇f_B(x)} into {@code gradient}. */
    protected abstract double batchValueAndGradient(double[] x, int[] batch, double[] gradient);

    @Override
    public final double batchValueAndGradient(Tensor x, int[] batch, Tensor gradient) {
        checkBatch(batch);
        double[] in = read(x, "x");
        double[] g = out(gradient, "gradient");
        double f = batchValueAndGradient(in, batch, g);
        gradient.copyFrom(g);
        return f;
    }

    /** Throws {@link IllegalArgumentException} for an empty batch or an index outside [0, m). */
    protected final void checkBatch(int[] batch) {
        checkBatch(batch, exampleCount());
    }
}

package dev.descent.objective;

import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A stochastic objective whose Gauss–Newton products are computed on a sample of its examples while its
 * value and gradient stay full-batch — Martens, "Deep learning via Hessian-free optimization" (ICML
 * 2010), §4.3: the curvature matrix only has to be good enough to give a search direction, so each of
 * Hessian-free's inner conjugate-gradient runs may use a fraction of the data, at a fraction of the
 * cost per product, while the gradient it is solved against and the steps' acceptance use all of it.
 *
 * <p>A sample is {@code max(1, round(fraction·m))} distinct examples drawn without replacement from a
 * seeded stream; a new one is drawn at the first product after each gradient evaluation, so one
 * conjugate-gradient run (one outer iteration) sees one fixed matrix and the next run another. The
 * draws depend only on the seed and the order of the calls, so a run is reproducible.
 *
 * <p>Everything but the Gauss–Newton product is the wrapped objective's, over every example. Not
 * thread-safe (the current sample is state), as a minimizer's session is not. Closing this closes
 * nothing: the wrapped objective belongs to the caller.
 */
public final class SampledCurvature extends ForwardingObjective<StochasticObjective> {

    private final double fraction;
    private final int size;
    private final int[] order;
    private final SplittableRandom random;
    private int[] sample;
    private boolean stale = true;
    private long draws;

    /**
     * {@code objective}'s Gauss–Newton products on samples of {@code fraction} of its examples, drawn from
     * {@code seed}.
     *
     * @throws IllegalArgumentException unless {@code fraction} is in (0, 1] and {@code objective} has
     *     Gauss–Newton products
     */
    public SampledCurvature(StochasticObjective objective, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the curvature sample must be a fraction in (0, 1] of the examples, got "
                    + fraction);
        }
        if (!objective.hasGaussNewtonVectorProduct()) {
            throw new IllegalArgumentException("problem '" + objective.name()
                    + "' has no Gauss-Newton-vector product to sample");
        }
        super(objective);
        this.fraction = fraction;
        int m = objective.exampleCount();
        this.size = (int) Math.max(1, Math.min(m, Math.round(fraction * m)));
        this.order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        this.random = new SplittableRandom(seed);
    }

    /** The fraction of the examples in a sample, as given. */
    public double fraction() {
        return fraction;
    }

    /** The examples in a sample. */
    public int sampleSize() {
        return size;
    }

    /** The samples drawn so far: one per conjugate-gradient run of Hessian-free. */
    public long draws() {
        return draws;
    }

    /** The examples of the current sample, sorted (empty before the first product). */
    public int[] currentSample() {
        return sample == null ? new int[0] : sample.clone();
    }

    /** {@inheritDoc} Over every example; the next Gauss–Newton product draws a new sample. */
    @Override
    public double valueAndGradient(Tensor x, Tensor gradient) {
        stale = true;
        return delegate.valueAndGradient(x, gradient);
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    /** {@inheritDoc} Over the current sample of the examples (a new one after each gradient evaluation). */
    @Override
    public void gaussNewtonVectorProduct(Tensor x, Tensor v, Tensor out) {
        if (stale || sample == null) {
            sample = draw();
            stale = false;
        }
        delegate.batchGaussNewtonVectorProduct(x, sample, v, out);
    }

    /** A partial Fisher–Yates shuffle of the examples: its first {@code size} places, sorted. */
    private int[] draw() {
        draws++;
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, size);
        Arrays.sort(chosen); // the examples in the order of the data, as a full pass reads them
        return chosen;
    }
}

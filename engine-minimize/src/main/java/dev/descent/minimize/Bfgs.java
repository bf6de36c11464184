package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * BFGS with a dense inverse-Hessian estimate (Broyden, Fletcher, Goldfarb, Shanno 1970;
 * Nocedal &amp; Wright, 2nd ed., Alg. 6.1): direction {@code −H·∇f}, strong Wolfe line search from
 * α = 1 (from {@code min(1, 1/‖∇f‖₂)} while H is the identity), then the BFGS update of H. H is an
 * {@code n×n} {@code double[]} on the host ({@link DenseInverseHessian}), so each iteration copies
 * the gradient and the step to the host and the direction back, and n is limited to
 * {@value #MAX_DIMENSION}; the line search's vector work runs on the backend. A failed line search
 * along a quasi-Newton direction resets H to I and retries along {@code −∇f}.
 *
 * @param lineSearch the strong Wolfe search (c1 = 1e-4, c2 = 0.9)
 * @param stopping when to stop
 */
public record Bfgs(StrongWolfe lineSearch, Stopping stopping) implements Minimizer {

    /** The largest n: H takes 8n² bytes (512 MiB here). */
    public static final int MAX_DIMENSION = 8192;

    /** Strong Wolfe (1e-4, 0.9), SciPy's stopping. */
    public static Bfgs defaults() {
        return new Bfgs(StrongWolfe.defaults(), Stopping.defaults());
    }

    public Bfgs withLineSearch(StrongWolfe lineSearch) {
        return new Bfgs(lineSearch, stopping);
    }

    @Override
    public Bfgs withStopping(Stopping stopping) {
        return new Bfgs(lineSearch, stopping);
    }

    @Override
    public String name() {
        return "bfgs";
    }

    /** SciPy's BFGS default: {@code 200·n}. */
    @Override
    public int defaultMaxIterations(int n) {
        return Minimizer.perDimension(200, n);
    }

    /** {@inheritDoc} Also if n is above {@link #MAX_DIMENSION}. */
    @Override
    public MinimizerSession start(Objective objective, Tensor x, boolean recordTrajectory) {
        int n = objective.dimension();
        if (n > MAX_DIMENSION) {
            throw new IllegalArgumentException("bfgs keeps a dense n×n matrix: n = " + n + " is above the limit "
                    + MAX_DIMENSION + "; use lbfgs");
        }
        return IterationSession.open(this, x, ws -> new BfgsSession(this, objective, x, recordTrajectory, ws));
    }
}

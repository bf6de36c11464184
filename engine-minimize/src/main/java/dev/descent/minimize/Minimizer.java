package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * A deterministic method that minimizes an {@link Objective} from a starting point. Implementations
 * are immutable records of their settings; a run allocates its vectors on {@code x}'s backend, in
 * {@code x}'s dtype, and frees them when it ends. Every method runs as a {@link MinimizerSession},
 * one iteration per {@link MinimizerSession#step()}; {@link #minimize} is that session run to its end.
 */
public interface Minimizer {

    /** The method's name as the command line knows it ({@code cg}, {@code lbfgs}, ...). */
    String name();

    /** When the method stops. */
    Stopping stopping();

    /** The same method with other stopping rules. */
    Minimizer withStopping(Stopping stopping);

    /**
     * The iteration limit when {@link #stopping()} leaves it to the method ({@link
     * Stopping#METHOD_DEFAULT}), for n variables: SciPy's default for the same method where SciPy
     * has one ({@code 200·n} for CG, BFGS and Newton-CG, {@code 10·n} for {@code
     * scipy.sparse.linalg.cg}), else L-BFGS-B's {@value Stopping#DEFAULT_MAX_ITERATIONS}.
     */
    default int defaultMaxIterations(int n) {
        return Stopping.DEFAULT_MAX_ITERATIONS;
    }

    /** The iteration limit of a run on n variables: the stopping rules' own, or {@link #defaultMaxIterations}. */
    default int maxIterations(int n) {
        int limit = stopping().maxIterations();
        return limit == Stopping.METHOD_DEFAULT ? defaultMaxIterations(n) : limit;
    }

    /**
     * Starts a run from {@code x} that the caller drives one iteration at a time; {@code x} holds the
     * current iterate once the session is closed.
     *
     * @throws IllegalArgumentException if {@code x} does not hold {@code objective.dimension()} elements,
     *     or the method cannot run on this objective (the message says why)
     */
    MinimizerSession start(Objective objective, Tensor x, boolean recordTrajectory);

    /**
     * Minimizes {@code objective} starting from {@code x}, which holds the final point afterwards:
     * {@link #start} run to its end and closed.
     *
     * @param recordTrajectory whether to record the value per iteration (and the point, for 2-D problems)
     * @throws IllegalArgumentException as {@link #start} does
     */
    default MinimizeResult minimize(Objective objective, Tensor x, boolean recordTrajectory) {
        try (MinimizerSession session = start(objective, x, recordTrajectory)) {
            return session.runToEnd();
        }
    }

    /** {@link #minimize(Objective, Tensor, boolean)} without a trajectory. */
    default MinimizeResult minimize(Objective objective, Tensor x) {
        return minimize(objective, x, false);
    }

    /** {@code perDimension·n}, at most {@link Integer#MAX_VALUE}. */
    static int perDimension(int perDimension, int n) {
        return (int) Math.min(Integer.MAX_VALUE, (long) perDimension * n);
    }
}

package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * A deterministic method that minimizes an {@link Objective} from a starting point. Implementations
 * are immutable records of their settings; a run allocates its vectors on {@code x}'s backend, in
 * {@code x}'s dtype, and frees them before returning.
 */
public interface Minimizer {

    /** The method's name as the command line knows it ({@code cg}, {@code lbfgs}, ...). */
    String name();

    /** When the method stops. */
    Stopping stopping();

    /** The same method with other stopping rules. */
    Minimizer withStopping(Stopping stopping);

    /**
     * Minimizes {@code objective} starting from {@code x}, which holds the final point afterwards.
     *
     * @param recordTrajectory whether to record the value per iteration (and the point, for 2-D problems)
     * @throws IllegalArgumentException if {@code x} does not hold {@code objective.dimension()} elements
     */
    MinimizeResult minimize(Objective objective, Tensor x, boolean recordTrajectory);

    /** {@link #minimize(Objective, Tensor, boolean)} without a trajectory. */
    default MinimizeResult minimize(Objective objective, Tensor x) {
        return minimize(objective, x, false);
    }
}

package dev.descent.minimize;

import java.util.Optional;

/**
 * A minimizer run taken one iteration at a time: the loop of {@link Minimizer#minimize} opened up
 * for callers that time or inspect single iterations (the benchmarks time one L-BFGS iteration with
 * a full history this way). A session owns the run's vectors until it is closed; closing writes the
 * current iterate into the starting-point tensor, as {@code minimize} does when it returns.
 *
 * <p>{@code minimize(objective, x)} is exactly {@code start(objective, x)} followed by {@link
 * #runToEnd()} and {@link #close()}: the same iterates, evaluations and result.
 */
public interface MinimizerSession extends AutoCloseable {

    /**
     * Applies the stopping tests at the current iterate and, if none fires, takes one iteration (a
     * line search that fails along the method's own direction is retried along {@code −∇f} within
     * the same call, as in {@code minimize}).
     *
     * @return the run's result once a stopping test fired or the method failed; empty while it goes on
     * @throws IllegalStateException if the run already finished or the session is closed
     */
    Optional<MinimizeResult> step();

    /** Iterations taken so far. */
    int iterations();

    /** f at the current iterate. */
    double value();

    /** Steps until the run finishes and returns its result. */
    default MinimizeResult runToEnd() {
        while (true) {
            Optional<MinimizeResult> result = step();
            if (result.isPresent()) {
                return result.get();
            }
        }
    }

    /** Writes the current iterate into the starting-point tensor and frees the run's vectors; idempotent. */
    @Override
    void close();
}

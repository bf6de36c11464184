/**
 * Objective functions for the minimizers of {@code dev.descent.minimize}: the {@link
 * dev.descent.objective.Objective} API over backend tensors (value and gradient, optional
 * Hessian-, Gauss–Newton-vector products and diagonal curvature), mini-batches of a {@link
 * dev.descent.objective.StochasticObjective}, and the built-in problems of {@link
 * dev.descent.objective.Problems}: {@code quadratic}, {@code rosenbrock}, {@code beale},
 * {@code saddle} and {@code logistic}.
 *
 * <p>Where the work runs: {@code quadratic}, {@code rosenbrock} and {@code logistic} are evaluated
 * with backend kernels ({@link dev.descent.backend.ObjectiveKernels}), so their point and data stay
 * on the backend (on a GPU, only scalars come back). {@code beale}, {@code saddle} and the noisy
 * quadratic extend {@link dev.descent.objective.HostObjective}: written over {@code double[]} arrays
 * and evaluated on the host, their tensors copied out and back at each evaluation. Your own
 * objective takes either way: extend {@code HostObjective} (the simple one, on every backend and
 * dtype) or implement {@link dev.descent.objective.Objective} on tensors, usually through {@link
 * dev.descent.objective.AbstractObjective}, when the point must not leave the backend.
 */
package dev.descent.objective;

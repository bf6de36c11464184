/**
 * Objective functions for the minimizers of {@code dev.descent.minimize}: the {@link
 * dev.descent.objective.Objective} API over backend tensors (value and gradient, optional
 * Hessian-, Gauss–Newton-vector products and diagonal curvature), mini-batches of a {@link
 * dev.descent.objective.StochasticObjective}, and the built-in problems of {@link
 * dev.descent.objective.Problems}: {@code quadratic}, {@code rosenbrock}, {@code beale},
 * {@code saddle} and {@code logistic}.
 *
 * <p>The built-in problems evaluate on the host: {@link dev.descent.objective.HostObjective} is the
 * one place where their tensors are read and written, so a device implementation (CUDA kernels)
 * replaces that class's tensor-level methods and nothing else.
 */
package dev.descent.objective;

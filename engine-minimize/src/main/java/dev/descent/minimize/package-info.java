/**
 * Deterministic minimizers for an {@link dev.descent.objective.Objective}: linear and nonlinear
 * conjugate gradients, BFGS, L-BFGS, Newton and Hessian-free optimization, with the backtracking
 * (Armijo) and strong Wolfe line searches they use; and {@link dev.descent.minimize.MiniBatchTraining},
 * which runs any first-order optimizer of {@link dev.descent.optim} on mini-batches of a stochastic
 * objective behind the same {@link dev.descent.minimize.Minimizer} interface.
 *
 * <p>Every method works on the tensors of the caller's starting point {@code x} (float64 by
 * default, like SciPy; float32 works too): its vectors are allocated on {@code x}'s backend in
 * {@code x}'s dtype and all vector arithmetic goes through the backend's {@link
 * dev.descent.backend.VectorOps}; scalars (step lengths, inner products, line-search arithmetic)
 * are doubles on the host. The exceptions, each documented, are the dense O(n²) matrices of BFGS
 * and Newton, which live in host {@code double[]} arrays.
 *
 * <p>Stopping ({@link dev.descent.minimize.Stopping}) is SciPy's by default: {@code ‖g‖∞ ≤ 1e-5} or
 * an iteration limit; every run returns a {@link dev.descent.minimize.MinimizeResult} saying which
 * test stopped it, and a failed line search stops a run with its reason, never silently.
 */
package dev.descent.minimize;

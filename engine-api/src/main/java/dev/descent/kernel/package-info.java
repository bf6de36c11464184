/**
 * The scalars of one optimizer step, as every backend's kernel receives them.
 *
 * <p>Each record is computed once per step on the host, in double, from the hyper-parameters
 * and the step count, and each value is rounded once to float32, as torch does. A backend's
 * kernel therefore never evaluates {@code pow} or a bias correction: all backends see the very
 * same float32 scalars, which is what lets SIMD and CUDA agree with the reference bit for bit
 * where their operation order is the same.
 *
 * <p>Common fields: {@code weightDecay} is the L2 coefficient added to the gradient
 * ({@code g ← g + wd·p}, after {@code maximize} negates {@code g}); {@code maximize} ascends.
 */
package dev.descent.kernel;

/**
 * Optimizers ({@link dev.descent.optim.Optimizer}, built from an {@link dev.descent.optim.OptimizerSpec}
 * per group), their hyper-parameters, gradient clipping, loss scaling and checkpoints.
 *
 * <p><b>Threads.</b> An {@link dev.descent.optim.Optimizer} is not thread-safe: confine it to one thread,
 * or have every thread that steps, saves, loads or closes it hold one lock (its own monitor will do),
 * in which case two threads stepping it give exactly the sequential run. Unlocked concurrent steps
 * race on the state and the step count: their values are unspecified, though memory stays safe.
 * Closing is final for every thread: after {@code close()} a step from any thread throws
 * {@link java.lang.IllegalStateException} ("optimizer is closed"), and a parameter, gradient or state
 * tensor closed by another thread, even in the middle of a step, ends the step with an
 * {@code IllegalStateException} naming it. Specs, hyper-parameters and schedules are immutable and
 * may be shared. {@link dev.descent.optim.OptimizerCheckpoint} writes are atomic, so a reader in
 * another process sees the previous checkpoint or the new one, whole.
 */
package dev.descent.optim;

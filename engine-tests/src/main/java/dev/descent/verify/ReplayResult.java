package dev.descent.verify;

/**
 * The outcome of replaying one trace on one backend.
 *
 * @param worstError the largest {@code |ours - theirs| / (atol + rtol·|theirs|)} over all elements and steps
 * @param worstStep the 0-based step where it occurred (-1 if every element matched exactly)
 * @param worstIndex the element where it occurred
 * @param passed {@code worstError ≤ 1}
 */
public record ReplayResult(double worstError, int worstStep, long worstIndex, boolean passed) {
}

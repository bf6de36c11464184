/**
 * A small measurement harness for optimizer steps that a command line can run in a couple of
 * minutes, where the JMH suite of {@code dev.descent.bench} takes hours: {@code ./descent bench}
 * is built on it.
 *
 * <p>The rules: before anything is timed, every kernel runs untimed for
 * {@link BenchSuite#JIT_WARMUP_FACTOR} times the warm-up, so that the JIT has compiled it (the
 * Vector API's interpreted code is about a hundred times slower than its compiled code, and would
 * otherwise look steady enough to be timed). Each case is then warmed up for at least
 * {@link TimingPlan#warmupNanos()} and until its speed is steady ({@link StepTimer}), and run
 * {@link TimingPlan#runs()} times, each run long enough to be timed reliably
 * ({@link TimingPlan#runNanos()}) and closed by reading a value back from the backend; the figure
 * reported is the median time per step over the runs, with the fastest and slowest run beside it
 * ({@link Measurement}). A full garbage collection before each case keeps the previous case's
 * garbage out of its timed runs. The SIMD backend runs on
 * exactly the thread count asked ({@code new SimdBackend(threads)}); the reference and CUDA backends
 * have no thread count. Every elements/s figure becomes GB/s through the one table of bytes per
 * element ({@link dev.descent.bench.BytesPerElement}), and is set against the copy and triad
 * bandwidth measured in the same run, on the same memory, thread count and size ({@link Bandwidth}).
 *
 * <p>Unlike JMH, everything runs in one JVM, one case after another, as in a training process: no
 * fork per case, no blackholes (an optimizer step writes memory, so nothing is optimized away).
 */
package dev.descent.bench.harness;

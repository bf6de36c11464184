/**
 * JMH benchmarks of Descent's optimizer steps and the baselines they are judged against.
 *
 * <ul>
 *   <li>{@link dev.descent.bench.OptimizerStepBenchmark}: one {@code Optimizer.step()} of every
 *       optimizer, over one tensor or 1000, with a subclass per backend
 *       ({@link dev.descent.bench.ReferenceStepBenchmark}, {@link dev.descent.bench.SimdStepBenchmark},
 *       {@link dev.descent.bench.CudaStepBenchmark}, which needs a GPU).</li>
 *   <li>{@link dev.descent.bench.PlainJavaLoopBenchmark}: Adam and SGD with momentum as a
 *       hand-written {@code float[]} loop, what plain Java gives.</li>
 *   <li>{@link dev.descent.bench.BandwidthBaselineBenchmark}: copy and triad over off-heap
 *       segments, the memory bandwidth every streaming kernel is bounded by.</li>
 *   <li>{@link dev.descent.bench.BenchReport}: turns JMH's JSON result into elements/s, GB/s
 *       (bytes per element from {@link dev.descent.bench.BytesPerElement}), the share of the copy
 *       bandwidth of the same run and, given {@code bench/c/run.sh}'s output, the ratio to a fused
 *       C loop.</li>
 * </ul>
 *
 * <p>{@link dev.descent.bench.harness} is not JMH: a small harness on the same inputs
 * ({@link dev.descent.bench.BenchData}) and byte counts that {@code ./descent bench} runs in a couple
 * of minutes. How to run both is in {@code docs/benchmarks.md}.
 */
package dev.descent.bench;

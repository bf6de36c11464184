package dev.descent.bench;

import dev.descent.backend.Backend;
import dev.descent.simd.SimdBackend;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link OptimizerStepBenchmark} on the Vector API backend, on one or two threads (the calling
 * thread included). The backend runs calls below its parallel threshold on the calling thread
 * whatever {@code threads} says, so small sizes measure one thread either way.
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SimdStepBenchmark extends OptimizerStepBenchmark {

    /** Threads the backend may use for one step. */
    @Param({"1", "2"})
    public int threads;

    @Override
    protected Backend createBackend() {
        SimdBackend simd = new SimdBackend(threads);
        if (simd.threads() != threads) {
            throw new IllegalStateException("asked the SIMD backend for " + threads + " threads, it has " + simd.threads());
        }
        return simd;
    }
}

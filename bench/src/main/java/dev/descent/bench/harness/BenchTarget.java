package dev.descent.bench.harness;

import dev.descent.backend.Backend;
import dev.descent.cpu.CpuBackend;

/**
 * A backend as benchmarked: created once for the whole run, with the thread count it was asked for.
 *
 * @param backend the backend
 * @param threads the threads one step may use: the SIMD backend's thread count, 1 for backends that
 *     have none (the reference runs on the calling thread; CUDA has one host thread)
 */
public record BenchTarget(Backend backend, int threads) {

    /** The memory that every CPU backend shares, named in {@link #memory()}. */
    public static final String CPU_MEMORY = "cpu";

    /** The backend's name. */
    public String name() {
        return backend.name();
    }

    /**
     * The memory the backend's tensors live in, whose bandwidth bounds its steps: {@value #CPU_MEMORY}
     * for the CPU backends, the backend's own name for the others (a GPU's memory).
     */
    public String memory() {
        return backend instanceof CpuBackend ? CPU_MEMORY : backend.name();
    }

    /** {@code simd ×2}, or just the name for a backend that has no thread count. */
    public String label() {
        return backend.name().equals("simd") ? backend.name() + " ×" + threads : backend.name();
    }
}

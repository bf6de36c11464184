package dev.descent.backend;

import dev.descent.cpu.CpuMemory;

/**
 * Debug counters of the CPU backends' tensor memory (reference: the Java heap; SIMD: off-heap), for
 * tests and soak runs: how many tensors were allocated and freed, and the bytes still held. Views
 * and tensors wrapping the caller's memory own nothing and are not counted. Every {@link
 * dev.descent.tensor.Tensor#close()} of an allocated tensor counts one free, once; so after closing
 * everything a loop created, {@link Counts#liveTensors()} and the live bytes are back where they were.
 * The counters are process-wide and thread-safe; reading them costs a few atomic loads.
 */
public final class HostMemory {
    private HostMemory() {
    }

    /**
     * The counters at one moment.
     *
     * @param allocations tensors allocated since the JVM started
     * @param frees allocated tensors closed since then
     * @param offHeapBytes bytes of open off-heap tensors (SIMD backend)
     * @param heapBytes bytes of open heap tensors (reference backend)
     */
    public record Counts(long allocations, long frees, long offHeapBytes, long heapBytes) {
        /** Tensors allocated and not yet closed. */
        public long liveTensors() {
            return allocations - frees;
        }
    }

    /** The counters now. */
    public static Counts counts() {
        return new Counts(CpuMemory.allocations(), CpuMemory.frees(), CpuMemory.offHeapBytes(), CpuMemory.heapBytes());
    }
}

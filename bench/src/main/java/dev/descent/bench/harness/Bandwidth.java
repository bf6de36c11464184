package dev.descent.bench.harness;

import dev.descent.bench.BytesPerElement;

/**
 * The memory bandwidth measured in a run for one memory, thread count and size: the ceiling that
 * every step over that many elements is bounded by. Two streams are timed through the backend's own
 * operations, so they run on the same threads and chunks as its optimizer kernels: copy
 * ({@code b = a}, {@link BytesPerElement} "copy") and triad in place ({@code y = y + s·x}, the
 * backend's {@code axpy}, {@link BytesPerElement} "triad").
 *
 * <p>Copy's store goes to memory that was not read, which costs a CPU a write-allocate read that
 * STREAM's count leaves out; the in-place triad, like every optimizer step, reads each array it
 * writes, so its count is the traffic. The {@link #ceilingGbs() ceiling} is the higher of the two.
 *
 * @param memory the memory measured ({@link BenchTarget#memory()})
 * @param threads the threads that streamed it
 * @param n the elements per array
 * @param copy the time of one copy
 * @param triad the time of one triad
 */
public record Bandwidth(String memory, int threads, long n, Measurement copy, Measurement triad) {

    /** Copy's GB/s at its median time. */
    public double copyGbs() {
        return copy.perSecond((double) n * BytesPerElement.of("copy")) / 1e9;
    }

    /** Triad's GB/s at its median time. */
    public double triadGbs() {
        return triad.perSecond((double) n * BytesPerElement.of("triad")) / 1e9;
    }

    /** The higher of {@link #copyGbs()} and {@link #triadGbs()}: what this memory was seen to deliver. */
    public double ceilingGbs() {
        return Math.max(copyGbs(), triadGbs());
    }

    /** Whether this is the bandwidth of {@code memory} at {@code threads} threads over {@code n} elements. */
    public boolean isFor(String memory, int threads, long n) {
        return this.memory.equals(memory) && this.threads == threads && this.n == n;
    }
}

package dev.descent.bench;

import java.util.Arrays;

/**
 * One measured configuration: which kernel ran where, on how many elements and threads, and the
 * element rate of each measured iteration.
 *
 * @param variant where it ran: a backend's full step ({@code reference}, {@code simd}), its kernel
 *     alone ({@code simd-kernel}), {@code plain-java}, {@code java-baseline} (copy/triad) or {@code c}
 * @param kernel the optimizer configuration or baseline, a name of {@link BytesPerElement}
 * @param size elements per array (of all tensors together in a multi-tensor layout)
 * @param threads threads sharing the work
 * @param rates elements per second, one per measured iteration (or sample)
 */
record BenchResult(String variant, String kernel, long size, int threads, double[] rates) {

    BenchResult {
        if (rates.length == 0) {
            throw new IllegalArgumentException(variant + " " + kernel + " size " + size + ": no measurements");
        }
        rates = rates.clone();
        Arrays.sort(rates);
    }

    /** The median element rate (the mean of the middle two for an even count). */
    double medianRate() {
        int n = rates.length;
        return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    }

    double minRate() {
        return rates[0];
    }

    double maxRate() {
        return rates[rates.length - 1];
    }

    /** The median effective bandwidth in GB/s (10^9 bytes), from {@link BytesPerElement}. */
    double medianGigabytesPerSecond() {
        return medianRate() * BytesPerElement.of(kernel) / 1e9;
    }

    /** Whether {@code other} ran the same amount of work on the same number of threads. */
    boolean sameShape(BenchResult other) {
        return size == other.size && threads == other.threads;
    }
}

package dev.descent.bench.harness;

/**
 * One measured case: an optimizer configuration on one backend, thread count and layout, with what
 * its time means against the bandwidth measured in the same run and against the reference backend.
 *
 * @param optimizer the configuration's name ({@link dev.descent.bench.BenchmarkedOptimizers})
 * @param backend the backend's name
 * @param threads the threads a step may use ({@link BenchTarget#threads()})
 * @param layout the tensors stepped
 * @param mode what one step is
 * @param time the time per step
 * @param bytesPerElement what one step must read and write per element ({@link dev.descent.bench.BytesPerElement})
 * @param bandwidth the bandwidth of the backend's memory at the same thread count and total size
 * @param referenceMedianNs the reference backend's median time per step of the same optimizer and
 *     layout, or NaN where the reference was not run
 */
public record BenchRow(String optimizer, String backend, int threads, Layout layout, StepMode mode, Measurement time,
        int bytesPerElement, Bandwidth bandwidth, double referenceMedianNs) {

    /** The elements of all tensors. */
    public long n() {
        return layout.total();
    }

    /** Elements per second at the median time. */
    public double elementsPerSecond() {
        return time.perSecond(n());
    }

    /** Elements per second of the fastest run. */
    public double fastestElementsPerSecond() {
        return n() / (time.minNs() * 1e-9);
    }

    /** Elements per second of the slowest run. */
    public double slowestElementsPerSecond() {
        return n() / (time.maxNs() * 1e-9);
    }

    /** The effective GB/s: elements per second times the bytes per element. */
    public double gbPerSecond() {
        return elementsPerSecond() * bytesPerElement / 1e9;
    }

    /** {@link #gbPerSecond()} over the bandwidth ceiling ({@link Bandwidth#ceilingGbs()}) of the same run. */
    public double rooflineFraction() {
        return gbPerSecond() / bandwidth.ceilingGbs();
    }

    /** How many times faster than the reference backend this row is, or NaN where there is no reference row. */
    public double speedupOverReference() {
        return referenceMedianNs / time.medianNs();
    }

    /** This row with the reference backend's median time of the same case. */
    public BenchRow withReference(double medianNs) {
        return new BenchRow(optimizer, backend, threads, layout, mode, time, bytesPerElement, bandwidth, medianNs);
    }
}

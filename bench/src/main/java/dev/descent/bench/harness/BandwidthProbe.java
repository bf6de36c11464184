package dev.descent.bench.harness;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/** Measures a {@link Bandwidth}: copy and triad over arrays of one size, by the rules of a {@link TimingPlan}. */
public final class BandwidthProbe {

    /** The triad's scalar: small, so that {@code y} grows slowly and stays finite however long it runs. */
    private static final double SCALE = 1e-7;

    private final StepTimer timer;
    private final TimingPlan plan;

    /** A probe that times with {@code timer} by {@code plan}. */
    public BandwidthProbe(StepTimer timer, TimingPlan plan) {
        this.timer = timer;
        this.plan = plan;
    }

    /**
     * The copy and triad bandwidth of {@code backend} (whose memory is {@code memory}, streamed by
     * {@code threads} threads) over {@code n} elements.
     */
    public Bandwidth measure(Backend backend, String memory, int threads, long n) {
        try (Tensor a = backend.allocate("bandwidth.a", DType.FLOAT32, n);
                Tensor b = backend.allocate("bandwidth.b", DType.FLOAT32, n);
                Tensor fence = backend.allocate("bandwidth.fence", DType.FLOAT32, 1)) {
            backend.vectorOps().fill(a, 1.0);
            float[] read = new float[1];
            Runnable sync = () -> fence.copyTo(read);
            Measurement copy = timer.measure(plan, () -> backend.vectorOps().copy(a, b), sync);
            Measurement triad = timer.measure(plan, () -> backend.vectorOps().axpy(SCALE, a, b), sync);
            return new Bandwidth(memory, threads, n, copy, triad);
        }
    }

    /**
     * Runs copy and triad on {@code backend} over {@code n} elements for {@code nanos} each, untimed,
     * so that their first measurement times compiled code.
     */
    public void warmUp(Backend backend, long n, long nanos) {
        try (Tensor a = backend.allocate("bandwidth.a", DType.FLOAT32, n);
                Tensor b = backend.allocate("bandwidth.b", DType.FLOAT32, n);
                Tensor fence = backend.allocate("bandwidth.fence", DType.FLOAT32, 1)) {
            float[] read = new float[1];
            Runnable sync = () -> fence.copyTo(read);
            timer.run(nanos, () -> backend.vectorOps().copy(a, b), sync);
            timer.run(nanos, () -> backend.vectorOps().axpy(SCALE, a, b), sync);
        }
    }
}

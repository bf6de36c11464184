package dev.descent.bench;

import dev.descent.backend.Backend;
import dev.descent.bench.harness.Layout;
import dev.descent.bench.harness.StepCase;
import dev.descent.bench.harness.StepMode;
import dev.descent.optim.Optimizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One {@link Optimizer#step()} over {@code size} elements ({@link #step()}): what a training loop
 * pays per step, including the scan of the gradient for non-finite values that every step makes
 * before it writes anything. {@link #kernel()} times the same step without that scan and the
 * optimizer's other checks: the spec's host scalars and the backend's kernel alone, the part a fused
 * C loop is comparable with.
 *
 * <p>The elements lie in one tensor ({@code layout} {@value #ONE_TENSOR}) or in
 * {@value #MANY_TENSORS} tensors of {@code size/1000} elements in one parameter group
 * ({@code layout} {@code 1000x}), which the backend steps in one fused call: the multi-tensor case of
 * {@code ./descent bench}. Both run the harness's {@link StepCase}, so the JMH suite and
 * {@code ./descent bench} time the same code on the same inputs.
 *
 * <p>Each backend is a subclass ({@link ReferenceStepBenchmark}, {@link SimdStepBenchmark},
 * {@link CudaStepBenchmark}), so a backend's own parameters (the SIMD backend's thread count) exist
 * only where they mean something. The gradient is fixed ({@link BenchData#gradient}); the parameters
 * and the optimizer state evolve from step to step as in training, and the trial fails if a
 * parameter ever stops being finite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class OptimizerStepBenchmark {

    static final String ONE_TENSOR = "1x";
    static final int MANY_TENSORS = 1000;

    /** A configuration of {@link BenchmarkedOptimizers}. */
    @Param({"sgd", "sgd-momentum", "adam", "adamw", "adagrad", "adadelta", "rmsprop", "rprop", "nadam", "adamax",
            "gains", "vsgd"})
    public String optimizer;

    /** Elements in all parameter tensors together. */
    @Param({"1000", "100000", "10000000"})
    public int size;

    /**
     * {@code 1x}: one tensor of {@code size}; {@code 1000x}: 1000 tensors of {@code size/1000} in one
     * group. At 1e7 that is the fused multi-tensor case (1000×1e4 against 1×1e7); at the small sizes
     * (1000×1, 1000×100) it shows what each tensor of a group costs on its own.
     */
    @Param({"1x", "1000x"})
    public String layout;

    private Backend backend;
    private StepCase stepCase;
    private boolean waitForDevice;

    /** The backend under test, created for one trial. */
    protected abstract Backend createBackend();

    /**
     * Whether a step returns before the backend has done it (a GPU's queue), so that each timed
     * operation must wait for it to finish; CPU backends are done when the call returns.
     */
    protected boolean asynchronous() {
        return false;
    }

    /** The layout that {@code layout} and {@code size} name; throws naming the problem for a bad pair. */
    static Layout layoutOf(String layout, int size) {
        if (layout.equals(ONE_TENSOR)) {
            return Layout.single(size);
        }
        if (!layout.equals(MANY_TENSORS + "x")) {
            throw new IllegalArgumentException("layout '" + layout + "' is not one of " + ONE_TENSOR + ", "
                    + MANY_TENSORS + "x");
        }
        if (size % MANY_TENSORS != 0) {
            throw new IllegalArgumentException("layout " + layout + " splits size into " + MANY_TENSORS
                    + " equal tensors; size " + size + " is not a multiple of " + MANY_TENSORS);
        }
        return new Layout(MANY_TENSORS, size / MANY_TENSORS, true);
    }

    /**
     * Creates the backend, the parameters, their gradients and the optimizer with its state, for the
     * benchmark method about to run ({@code kernel} drives the spec directly, {@code step} the optimizer).
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        Layout l = layoutOf(layout, size); // before the backend: a bad pair fails without allocating anything
        StepMode mode = params.getBenchmark().endsWith(".kernel") ? StepMode.KERNEL : StepMode.STEP;
        backend = createBackend();
        waitForDevice = asynchronous();
        stepCase = StepCase.open(backend, BenchmarkedOptimizers.spec(optimizer), l, mode,
                optimizer + " on " + backend.name() + " over " + l.label());
    }

    /** One full optimizer step. */
    @Benchmark
    public void step() {
        stepCase.step();
        if (waitForDevice) {
            stepCase.sync();
        }
    }

    /** One step's scalars and kernel, without the optimizer's checks and non-finite scan. */
    @Benchmark
    public void kernel() {
        stepCase.step();
        if (waitForDevice) {
            stepCase.sync();
        }
    }

    /** Frees the tensors; fails the trial if a parameter is no longer finite. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (stepCase == null) {
            return;
        }
        try {
            stepCase.requireFinite();
        } finally {
            stepCase.close();
            stepCase = null;
        }
    }
}

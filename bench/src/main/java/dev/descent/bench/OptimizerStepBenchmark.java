package dev.descent.bench;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.optim.GroupState;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.Parameter;
import dev.descent.optim.StepContext;
import dev.descent.tensor.Tensor;
import java.util.List;
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

/**
 * One {@link Optimizer#step()} of one parameter of {@code size} elements ({@link #step()}): what a
 * training loop pays per step, including the scan of the gradient for non-finite values that every
 * step makes before it writes anything. {@link #kernel()} times the same step without that scan
 * and the optimizer's other checks: the spec's host scalars and the backend's kernel alone, the
 * part a fused C loop is comparable with.
 *
 * <p>Each backend is a subclass ({@link ReferenceStepBenchmark}, {@link SimdStepBenchmark}), so a
 * backend's own parameters (the SIMD backend's thread count) exist only where they mean something.
 * The gradient is fixed ({@link BenchData#gradient}); the parameter and the optimizer state evolve
 * from step to step as in training, and the trial fails if the parameter ever stops being finite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class OptimizerStepBenchmark {

    /** A configuration of {@link BenchmarkedOptimizers}. */
    @Param({"sgd", "sgd-momentum", "adam", "adamw", "adagrad", "adadelta", "rmsprop", "rprop", "nadam", "adamax",
            "gains"})
    public String optimizer;

    /** Elements in the parameter. */
    @Param({"1000", "100000", "10000000"})
    public int size;

    private Backend backend;
    private Tensor param;
    private Tensor grad;
    private Optimizer optim;
    private OptimizerSpec spec;
    private List<ParameterSlots> slots;
    private GroupState groupState;
    private long kernelSteps;

    /** The backend under test, created for one trial. */
    protected abstract Backend createBackend();

    /** Creates the backend, the parameter, its gradient and the optimizer with its state. */
    @Setup(Level.Trial)
    public void setUp() {
        backend = createBackend();
        param = backend.fromArray("param", BenchData.params(size));
        grad = backend.fromArray("grad", BenchData.gradients(size));
        spec = BenchmarkedOptimizers.spec(optimizer);
        optim = Optimizer.of(backend, spec, new Parameter(param, grad));
        // The kernel benchmark drives the same tensors and state directly, as Optimizer.step() does after its checks.
        slots = List.of(new ParameterSlots(param, grad, optim.state(param)));
        groupState = new GroupState();
        kernelSteps = 0;
    }

    /** One full optimizer step. */
    @Benchmark
    public boolean step() {
        return optim.step();
    }

    /** One step's scalars and kernel, without the optimizer's checks and non-finite scan. */
    @Benchmark
    public void kernel() {
        spec.step(new StepContext(backend, ++kernelSteps, Double.NaN, groupState), slots);
    }

    /** Frees the tensors; fails the trial if the parameter is no longer finite. */
    @TearDown(Level.Trial)
    public void tearDown() {
        // A parameter that overflowed would have timed arithmetic on infinities, not a training step.
        boolean finite = !backend.hasNonFinite(param);
        long steps = Math.max(optim.stepCount(), kernelSteps);
        optim.close();
        param.close();
        grad.close();
        if (!finite) {
            throw new IllegalStateException(optimizer + " on " + backend.name() + " with " + size
                    + " elements: the parameter is no longer finite after " + steps + " steps");
        }
    }
}

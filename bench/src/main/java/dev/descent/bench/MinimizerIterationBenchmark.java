package dev.descent.bench;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.minimize.ConjugacyFormula;
import dev.descent.minimize.Lbfgs;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.MinimizerSession;
import dev.descent.minimize.NonlinearConjugateGradient;
import dev.descent.objective.Rosenbrock;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One iteration of L-BFGS (m = 10) or Polak–Ribière+ nonlinear CG on the extended Rosenbrock
 * function in float64, with its time split into the objective's evaluations and the method's own
 * vector work: the comparison with SciPy, whose L-BFGS-B spends about 65 ms and whose CG
 * about 21 ms per iteration outside the objective at n = 1e6.
 *
 * <p>An iteration only means something with the state a real run has when it gets there, above all
 * a full L-BFGS history. So each measurement starts a fresh run from the problem's {@code x0} (the
 * standard {@code (−1.2, 1, …)}), takes {@value #HISTORY_ITERATIONS} iterations untimed (afterwards
 * L-BFGS holds its 10 pairs), then times the next {@value #WINDOW} iterations as one shot; the score
 * is per iteration. The window is the same iterations of the same run every time (on extended
 * Rosenbrock L-BFGS converges after about 37 iterations and PR+ after about 28, at any n), so the
 * measurements differ only by the machine's noise. Each iteration includes its line search: about 1.3
 * evaluations of f and ∇f on average, and the trial points they need.
 *
 * <p>The split comes from the same shots: {@link TimedObjective} adds up the time inside the
 * objective, and {@link Split} reports per iteration the objective's milliseconds ({@code
 * objectiveMs}), the rest ({@code methodMs}, the method's own work) and the evaluations made
 * ({@code evaluations}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MinimizerIterationBenchmark {

    /** Untimed iterations before each timed window: afterwards L-BFGS's m = 10 pairs are all there. */
    static final int HISTORY_ITERATIONS = 10;

    /** Iterations timed per shot; the score is per iteration. */
    static final int WINDOW = 5;

    /** {@code lbfgs} (m = 10, strong Wolfe 1e-4/0.9) or {@code ncg-pr} (PR+, strong Wolfe 1e-4/0.4). */
    @Param({"lbfgs", "ncg-pr"})
    public String method;

    /** The backend, by name: {@code simd} (one thread per processor) or {@code reference}. */
    @Param({"simd", "reference"})
    public String backend;

    /** Variables of the extended Rosenbrock function. */
    @Param({"1000000", "10000000"})
    public int n;

    private TimedObjective objective;
    private Tensor x;
    private MinimizerSession session;

    /**
     * The time of the timed iterations inside the objective and outside it, per iteration, in
     * milliseconds, and the evaluations per iteration: JMH secondary results.
     *
     * <p>JMH adds up {@code EVENTS} counters over every measured iteration of every fork instead of
     * averaging them, so each measured iteration reports its own figures times {@code 1 / (forks ×
     * iterations)}: the sum JMH prints is then their mean. Warm-up iterations are not reported.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        private long totalNanos;
        private long objectiveNanos;
        private long evaluations;
        private long iterations;
        private double weight;

        /** Forgets the previous measurement and sets the weight of this one. */
        @Setup(Level.Iteration)
        public void clear(BenchmarkParams benchmark, IterationParams iteration) {
            totalNanos = 0;
            objectiveNanos = 0;
            evaluations = 0;
            iterations = 0;
            weight = iteration.getType() == IterationType.MEASUREMENT
                    ? 1.0 / ((double) Math.max(1, benchmark.getForks()) * iteration.getCount()) : 1;
        }

        void add(long total, long inObjective, long evaluated, int iterated) {
            totalNanos += total;
            objectiveNanos += inObjective;
            evaluations += evaluated;
            iterations += iterated;
        }

        /** Milliseconds per iteration inside f and ∇f. */
        public double objectiveMs() {
            return perIteration(objectiveNanos * 1e-6);
        }

        /** Milliseconds per iteration outside f and ∇f: the method's own work. */
        public double methodMs() {
            return perIteration((totalNanos - objectiveNanos) * 1e-6);
        }

        /** Evaluations of f and ∇f per iteration. */
        public double evaluations() {
            return perIteration(evaluations);
        }

        private double perIteration(double total) {
            return iterations == 0 ? 0 : weight * total / iterations;
        }
    }

    /** The backend, the problem and its starting point, for the whole trial. */
    @Setup(Level.Trial)
    public void setUpTrial() {
        Backend b = Backends.get(backend);
        objective = new TimedObjective(new Rosenbrock(n));
        x = objective.startingPoint(b, DType.FLOAT64);
    }

    /** A fresh run from x0, advanced untimed to the start of the window. */
    @Setup(Level.Iteration)
    public void startRun() {
        closeSession();
        x.copyFrom(objective.startingValues());
        session = switch (method) {
            case "lbfgs" -> Lbfgs.defaults().start(objective, x, false);
            case "ncg-pr" -> NonlinearConjugateGradient.defaults(ConjugacyFormula.POLAK_RIBIERE_PLUS)
                    .start(objective, x, false);
            default -> throw new IllegalArgumentException("method '" + method + "' is not benchmarked here: use lbfgs"
                    + " or ncg-pr");
        };
        for (int i = 0; i < HISTORY_ITERATIONS; i++) {
            requireRunning(session.step());
        }
        objective.reset();
    }

    /** {@value #WINDOW} consecutive iterations of the run; the score is per iteration. */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public double iteration(Split split) {
        long start = System.nanoTime();
        for (int i = 0; i < WINDOW; i++) {
            requireRunning(session.step());
        }
        long total = System.nanoTime() - start;
        split.add(total, objective.nanos(), objective.evaluations(), WINDOW);
        objective.reset();
        return session.value();
    }

    private void requireRunning(Optional<MinimizeResult> finished) {
        finished.ifPresent(r -> {
            throw new IllegalStateException("the run ended at iteration " + r.iterations() + ", before the end of the"
                    + " timed window (" + (HISTORY_ITERATIONS + WINDOW) + "): " + r);
        });
    }

    /** Frees the run's vectors and the starting point. */
    @TearDown(Level.Trial)
    public void tearDownTrial() {
        closeSession();
        x.close();
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}

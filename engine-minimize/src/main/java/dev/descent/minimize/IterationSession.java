package dev.descent.minimize;

import dev.descent.backend.VectorOps;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;
import java.util.function.Function;

/**
 * The skeleton every minimizer run shares: the iterate, its value and gradient, the iteration count,
 * the run's bookkeeping ({@link Run}) and vectors ({@link Workspace}), and the lifecycle of a {@link
 * MinimizerSession}: each {@link #step()} applies the stopping tests at the current iterate and, if
 * none fires, takes one iteration ({@link #iterate()}); a finished or closed session refuses to step;
 * closing writes the iterate back into the starting point and frees the vectors.
 *
 * <p>What an iteration is belongs to the method: a line-search method ({@link LineSearchSession}:
 * L-BFGS, BFGS, nonlinear CG, Newton, Hessian-free) finds a direction, searches along it, falls back
 * when the search fails, and updates its model; linear CG ({@link LinearConjugateGradientSession})
 * takes the exact step along its conjugate direction; mini-batch training ({@link
 * MiniBatchSession}) makes one pass over the data.
 *
 * <p>A subclass allocates its vectors from {@link #ws} in its constructor and then calls {@link
 * #begin}; sessions are made through {@link #open}, which frees whatever was allocated if the
 * constructor fails, so no constructor needs its own clean-up.
 */
abstract class IterationSession implements MinimizerSession {

    private final String methodName;
    final Run run;
    /** The backend's vector operations. */
    final VectorOps b;
    final Workspace ws;
    private final Tensor start;
    /** The iterate: the starting point itself, or a workspace vector. */
    Tensor current;
    /** ∇f at the iterate. */
    Tensor g;
    /** f at the iterate. */
    double f;
    /** Iterations taken. */
    int k;
    private MinimizeResult result;
    private boolean closed;

    /**
     * The session of {@code method} on {@code objective} from {@code x}, whose vectors come from
     * {@code ws}; checks that {@code x} holds {@code objective.dimension()} elements.
     */
    IterationSession(Minimizer method, Objective objective, Tensor x, boolean recordTrajectory, Workspace ws) {
        this.methodName = method.name();
        this.run = new Run(method.name(), objective, x, method.stopping(), method.maxIterations(objective.dimension()),
                recordTrajectory);
        this.b = run.backend.vectorOps();
        this.ws = ws;
        this.start = x;
        this.current = x;
    }

    /**
     * Makes a session with a fresh workspace for {@code method} on {@code x}, closing the workspace if
     * {@code create} fails.
     */
    static MinimizerSession open(Minimizer method, Tensor x, Function<Workspace, IterationSession> create) {
        Workspace ws = new Workspace(method.name(), x);
        try {
            return create.apply(ws);
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    /** Evaluates f and ∇f at {@code iterate} (into {@code gradient}), the first point of the run. */
    final void begin(Tensor iterate, Tensor gradient) {
        current = iterate;
        g = gradient;
        f = run.evaluate(current, g);
        run.record(f, current);
    }

    @Override
    public final Optional<MinimizeResult> step() {
        if (closed) {
            throw new IllegalStateException(methodName + ": the session is closed");
        }
        if (result != null) {
            throw new IllegalStateException(methodName + ": the run already finished: " + result.stopReason().label());
        }
        Run.Stop stop = run.check(k, f, g);
        if (stop != null) {
            return finish(stopped(stop));
        }
        return iterate();
    }

    /**
     * One iteration, called once no stopping test fired: either moves on (returning empty) or ends
     * the run with {@link #finish}'s result.
     */
    abstract Optional<MinimizeResult> iterate();

    /** The result of a run that a stopping test ended. */
    MinimizeResult stopped(Run.Stop stop) {
        return run.finish(k, f, g, stop);
    }

    /** Ends the run with {@code finished}; later steps throw. */
    final Optional<MinimizeResult> finish(MinimizeResult finished) {
        result = finished;
        return Optional.of(finished);
    }

    /** Ends the run with {@code reason}, at the current iterate. */
    final Optional<MinimizeResult> finish(StopReason reason, String detail) {
        return finish(run.finish(k, f, g, reason, detail));
    }

    /** Counts an iteration that ends at the (possibly unchanged) current iterate, and records it. */
    final Optional<MinimizeResult> moved() {
        k++;
        run.record(f, current);
        return Optional.empty();
    }

    @Override
    public final int iterations() {
        return k;
    }

    @Override
    public final double value() {
        return f;
    }

    /** Copies the iterate into the starting point, if it lives elsewhere. */
    void writeBack(Tensor start) {
        if (current != start) {
            b.copy(current, start);
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writeBack(start);
        } finally {
            ws.close();
        }
    }
}

package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;

/**
 * What every session of a line-search method ({@link LbfgsSession}, {@link BfgsSession}, {@link
 * NonlinearConjugateGradientSession}) shares: the iterate, its value and gradient, the trial point
 * and gradient of the line search, the iteration count, and the session's lifecycle (stopping
 * tests before each iteration, refusing to step once finished or closed, and writing the iterate
 * back into the starting point on close). A subclass supplies its method's iteration, {@link
 * #iterate()}, and the search direction, which it keeps where its method wants it (L-BFGS in its
 * history, so that the direction becomes the next pair's {@code s} without a copy).
 */
abstract class LineSearchSession implements MinimizerSession {

    private final String methodName;
    final Run run;
    final Backend b;
    final Workspace ws;
    private final Tensor start;
    Tensor current;
    Tensor g;
    Tensor trial;
    Tensor trialGradient;
    double f;
    int k;
    private MinimizeResult result;
    private boolean closed;

    /**
     * Allocates the shared vectors and evaluates f and ∇f at {@code x}, which is the iterate until
     * the first accepted step. A subclass that allocates more must close {@link #ws} if it fails.
     */
    LineSearchSession(Minimizer method, Objective objective, Tensor x, boolean recordTrajectory) {
        this.methodName = method.name();
        this.run = new Run(method.name(), objective, x, method.stopping(), recordTrajectory);
        this.b = run.backend;
        this.start = x;
        this.ws = new Workspace(method.name(), x);
        try {
            g = ws.vector("gradient");
            trial = ws.vector("trial");
            trialGradient = ws.vector("trial gradient");
            current = x;
            f = run.evaluate(current, g);
            run.record(f, current);
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
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
            return finish(run.finish(k, f, g, stop));
        }
        return iterate();
    }

    /**
     * One iteration of the method, called once no stopping test fired: searches along a direction
     * (retrying along {@code −∇f} if the method's own direction fails) and either ends with {@link
     * #advance} or returns {@link #finish}'s result.
     */
    abstract Optional<MinimizeResult> iterate();

    /** The line through the iterate along {@code direction}, whose trials go to {@link #trial} and {@link #trialGradient}. */
    final Line line(Tensor direction) {
        return new Line(run, current, direction, trial, trialGradient);
    }

    /**
     * Makes the accepted trial point the iterate. The iterate and the trial point (and their
     * gradients) swap roles rather than copy, since the old iterate's vectors are free to hold the
     * next trials.
     */
    final Optional<MinimizeResult> advance(LinePoint accepted) {
        Tensor t = current;
        current = trial;
        trial = t;
        t = g;
        g = trialGradient;
        trialGradient = t;
        f = accepted.value();
        k++;
        run.record(f, current);
        return Optional.empty();
    }

    /** Ends the run with {@code finished}; later steps throw. */
    final Optional<MinimizeResult> finish(MinimizeResult finished) {
        result = finished;
        return Optional.of(finished);
    }

    @Override
    public final int iterations() {
        return k;
    }

    @Override
    public final double value() {
        return f;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (current != start) { // after an odd number of swaps the iterate lives in a workspace vector
                b.vectorOps().copy(current, start);
            }
        } finally {
            ws.close();
        }
    }
}

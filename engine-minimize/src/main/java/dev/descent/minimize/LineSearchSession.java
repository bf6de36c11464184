package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.Optional;

/**
 * The iteration of every line-search method ({@link LbfgsSession}, {@link BfgsSession}, {@link
 * NonlinearConjugateGradientSession}, {@link NewtonSession}, {@link HessianFreeSession}), written once:
 * <ol>
 *   <li><b>direction</b>: the method's search direction d and its slope {@code ∇fᵀd};</li>
 *   <li><b>line search</b> along d from the method's initial step;</li>
 *   <li><b>fallback</b> when the search fails: the method may switch to a safer direction and search
 *       again ({@code −∇f} for the quasi-Newton and CG methods), or handle the failure its own way
 *       (Hessian-free rejects the step); otherwise the run ends with {@link
 *       StopReason#LINE_SEARCH_FAILED};</li>
 *   <li><b>update</b> of the method's model from the accepted point, then the move to it;</li>
 * </ol>
 * and the stopping tests before the next iteration ({@link IterationSession#step()}).
 *
 * <p>On top of {@link IterationSession} a line-search session holds the trial point and gradient of
 * the search. The iterate and the accepted trial point swap roles rather than copy.
 */
abstract class LineSearchSession extends IterationSession {

    private final LineSearch lineSearch;
    Tensor trial;
    Tensor trialGradient;
    /** {@code ∇fᵀd} of the last {@link #direction()}, which sets it. */
    double slope;

    /**
     * Allocates the gradient and the trial vectors and evaluates f and ∇f at {@code x}; searches with
     * {@code lineSearch}.
     */
    LineSearchSession(Minimizer method, LineSearch lineSearch, Objective objective, Tensor x, boolean recordTrajectory,
            Workspace ws) {
        super(method, objective, x, recordTrajectory, ws);
        this.lineSearch = lineSearch;
        Tensor gradient = ws.vector("gradient");
        trial = ws.vector("trial");
        trialGradient = ws.vector("trial gradient");
        begin(x, gradient);
    }

    @Override
    final Optional<MinimizeResult> iterate() {
        while (true) {
            Line line = line(direction());
            LineSearchResult found = search(line);
            if (!found.accepted()) {
                if (fallBack()) {
                    continue;
                }
                return failed(found);
            }
            LinePoint accepted = line.settle(found.point());
            update(accepted);
            advance(accepted);
            return moved();
        }
    }

    /** Computes the search direction d at the current iterate and sets {@link #slope} to {@code ∇fᵀd}. */
    abstract Tensor direction();

    /** The first trial step along the last direction; 1 by default. */
    double initialStep() {
        return 1;
    }

    /** The line through the iterate along {@code direction}, whose trials go to {@link #trial} and {@link #trialGradient}. */
    Line line(Tensor direction) {
        return new Line(run, current, direction, trial, trialGradient);
    }

    /** Searches {@code line} with the method's line search from {@link #initialStep()}. */
    LineSearchResult search(Line line) {
        return lineSearch.search(line, f, slope, initialStep());
    }

    /**
     * After a failed search: switches to a safer direction and returns true to search again, or
     * returns false when there is none. None by default.
     */
    boolean fallBack() {
        return false;
    }

    /** A failed search without a fallback: ends the run, the method's {@link #failureContext()} added. */
    Optional<MinimizeResult> failed(LineSearchResult found) {
        return finish(StopReason.LINE_SEARCH_FAILED, found.detail() + failureContext());
    }

    /** What a failure detail adds about the method's state, e.g. {@code " (damping λ = 1)"}; empty by default. */
    String failureContext() {
        return "";
    }

    /**
     * Updates the method's model from the accepted point, before the move: {@link #current} and
     * {@link #g} still hold the iterate, {@link #trial} and {@link #trialGradient} the accepted point.
     * Nothing by default.
     */
    void update(LinePoint accepted) {
    }

    /**
     * Makes the accepted trial point the iterate. The iterate and the trial point (and their
     * gradients) swap roles rather than copy, since the old iterate's vectors are free to hold the
     * next trials.
     */
    private void advance(LinePoint accepted) {
        Tensor[] iterate = {current, g};
        swapTrial(iterate);
        current = iterate[0];
        g = iterate[1];
        f = accepted.value();
    }

    /** Swaps the trial point and gradient with {@code pair}'s point and gradient (its elements 0 and 1). */
    final void swapTrial(Tensor[] pair) {
        Tensor t = trial;
        trial = pair[0];
        pair[0] = t;
        t = trialGradient;
        trialGradient = pair[1];
        pair[1] = t;
    }
}

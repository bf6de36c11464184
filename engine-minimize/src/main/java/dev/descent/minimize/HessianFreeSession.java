package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * The state of one {@link HessianFree} run between iterations: on top of what every {@link
 * LineSearchSession} holds, the CG solver and its iterate (the next warm start), the damping λ, and
 * the best point of the CG backtracking.
 *
 * <p>In the terms of the line-search skeleton: the <b>direction</b> is the CG step chosen by
 * backtracking over the kept CG iterates, after which λ is adapted (Levenberg–Marquardt); the
 * <b>line search</b> takes α = 1 when that point, already evaluated, decreases f enough, else
 * backtracks by Armijo from {@code shrink}; when it finds no step the <b>fallback</b> is Martens':
 * the step is rejected (the iterate stays), λ is raised, and the run goes on with the next
 * iteration; there is no model to <b>update</b>.
 */
final class HessianFreeSession extends LineSearchSession {

    /** f at {@code x + pⱼ} into a scratch point, and keeping the last one evaluated as the best so far. */
    interface Trials {
        double value(int j);

        void keep();
    }

    private final HessianFree method;
    private final DampedConjugateGradient cg;
    private final Tensor p;
    /** The best point of the backtracking and its gradient. */
    private final Tensor[] best;
    private List<DampedConjugateGradient.Candidate> candidates;
    private DampedConjugateGradient.Solution solution;
    private double lambda;
    private double lambdaUsed;
    private double bestF;
    private double triedF;
    private int rejected;

    HessianFreeSession(HessianFree method, Objective objective, Tensor x, boolean recordTrajectory, Workspace ws) {
        super(method, method.lineSearch(), objective, x, recordTrajectory, ws);
        this.method = method;
        DampedConjugateGradient.Curvature curvature = method.preferGaussNewton() && objective.hasGaussNewtonVectorProduct()
                ? run::gaussNewtonVector
                : run::hessianVector;
        p = ws.vector("cg iterate");
        best = new Tensor[] {ws.vector("best"), ws.vector("best gradient")};
        cg = new DampedConjugateGradient(run.backend, ws, curvature, method.maxCgIterations());
        lambda = method.initialDamping();
    }

    /**
     * CG on {@code (C + λI)p = −∇f} from {@code 0.95·p_prev}, CG backtracking over the kept iterates,
     * then the Levenberg–Marquardt update of λ from the chosen step's reduction ratio ρ.
     */
    @Override
    Tensor direction() {
        b.scale(HessianFree.WARM_START_DECAY, p);
        solution = cg.solve(current, g, lambda, p);
        candidates = solution.candidates();
        int chosen = backtrack(candidates.size() - 1, new Trials() {
            @Override
            public double value(int j) {
                triedF = evaluateAt(candidates.get(j).step());
                return triedF;
            }

            @Override
            public void keep() {
                swapTrial(best);
                bestF = triedF;
            }
        });
        swapTrial(best); // the chosen point goes where the line search expects its trial point
        DampedConjugateGradient.Candidate c = candidates.get(chosen);
        double predicted = c.model() - 0.5 * lambda * c.squaredNorm();
        double rho = predicted < 0 ? (bestF - f) / predicted : Double.NEGATIVE_INFINITY;
        lambdaUsed = lambda;
        lambda = adjustDamping(lambda, rho);
        slope = b.dot(g, c.step());
        return c.step();
    }

    /**
     * CG backtracking (Martens 2010, §4.6): f at the last kept iterate, then at earlier ones, from the
     * last backwards, while f keeps decreasing; the index of the one chosen.
     */
    static int backtrack(int last, Trials trials) {
        double bestValue = trials.value(last);
        trials.keep();
        int chosen = last;
        for (int j = last - 1; j >= 0; j--) {
            double value = trials.value(j);
            if (!(value < bestValue)) {
                break;
            }
            trials.keep();
            bestValue = value;
            chosen = j;
        }
        return chosen;
    }

    /**
     * The Levenberg–Marquardt rule of Martens (2010, §4.1) for the reduction ratio
     * {@code ρ = (f(x + p) − f(x)) / (q(p) − q(0))}: {@code ρ < ¼ → λ·3/2} (also when ρ is NaN),
     * {@code ρ > ¾ → λ·2/3}, else λ.
     */
    static double adjustDamping(double lambda, double rho) {
        if (!(rho >= 0.25)) {
            return lambda * 1.5;
        }
        return rho > 0.75 ? lambda * (2.0 / 3.0) : lambda;
    }

    /** The chosen step's point, already evaluated, is the line's point at α = 1. */
    @Override
    Line line(Tensor direction) {
        return new Line(run, current, direction, trial, trialGradient, new LinePoint(1, bestF, Double.NaN));
    }

    /** α = 1 when it decreases f enough (no evaluation: it was made by backtracking), else Armijo from {@code shrink}. */
    @Override
    LineSearchResult search(Line line) {
        BacktrackingArmijo armijo = method.lineSearch();
        if (armijo.sufficientDecrease(f, slope, 1, bestF)) {
            return LineSearchResult.accepted(new LinePoint(1, bestF, Double.NaN), 0);
        }
        return armijo.search(line, f, slope, armijo.shrink());
    }

    /**
     * No step decreased f enough: as Martens does, the step is rejected (the iterate stays), λ is
     * raised by 3/2 from the value this iteration used (as for ρ &lt; ¼), and the run goes on; the
     * iteration counts. Only a λ that overflows ends the run.
     */
    @Override
    Optional<MinimizeResult> failed(LineSearchResult found) {
        lambda = lambdaUsed * 1.5;
        if (!Double.isFinite(lambda)) {
            return finish(StopReason.LINE_SEARCH_FAILED, found.detail() + failureContext()
                    + "; the damping overflowed after " + (rejected + 1) + " rejected steps");
        }
        rejected++;
        return moved();
    }

    @Override
    String failureContext() {
        return " (damping λ = " + Run.fmt(lambda) + ", CG stopped by " + solution.stoppedBy() + ")";
    }

    /** λ for the next iteration. */
    double damping() {
        return lambda;
    }

    /** Steps rejected so far. */
    int rejectedSteps() {
        return rejected;
    }

    /** f at {@code x + step}, the point into {@link #trial} and its gradient into {@link #trialGradient}. */
    private double evaluateAt(Tensor step) {
        b.copy(current, trial);
        b.axpy(1, step, trial);
        return run.evaluate(trial, trialGradient);
    }
}

package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Hessian-free optimization (Martens, "Deep learning via Hessian-free optimization", ICML 2010):
 * each iteration runs conjugate gradients on {@code (C + λI)p = −∇f} ({@link DampedConjugateGradient}:
 * C the Gauss–Newton matrix when the objective has one and {@code preferGaussNewton}, else the
 * Hessian; warm start {@code 0.95·p_prev}; relative-progress stop), then
 * <ol>
 *   <li>CG backtracking: f at {@code x + pᵢ} for the kept iterates, from the last backwards
 *       while f keeps decreasing;</li>
 *   <li>Levenberg–Marquardt damping: {@code ρ = (f(x + p) − f(x)) / (q(p) − q(0))} with the
 *       undamped model {@code q(p) = ½pᵀCp + ∇fᵀp}; {@code ρ < ¼ → λ ← 3/2·λ},
 *       {@code ρ > ¾ → λ ← 2/3·λ};</li>
 *   <li>an Armijo line search along the chosen p: the step α = 1 is taken when it decreases f
 *       enough, else the search backtracks from {@code shrink}.</li>
 * </ol>
 * The next CG starts from 0.95 times the previous run's final iterate (not the backtracked one), as
 * in the paper. All vectors live on the backend. A failed line search ends the run with its reason.
 *
 * @param initialDamping λ₀ > 0 (1 by default)
 * @param maxCgIterations CG iterations per step, ≥ 1 (250 by default)
 * @param preferGaussNewton use Gauss–Newton products when the objective has them (true)
 * @param lineSearch the backtracking Armijo search (c1 = 1e-4, halving)
 * @param stopping when to stop
 */
public record HessianFree(double initialDamping, int maxCgIterations, boolean preferGaussNewton,
        BacktrackingArmijo lineSearch, Stopping stopping) implements Minimizer {

    /** Martens' warm-start decay ζ. */
    public static final double WARM_START_DECAY = 0.95;

    public HessianFree {
        if (!(initialDamping > 0) || Double.isInfinite(initialDamping)) {
            throw new IllegalArgumentException("initial damping λ = " + initialDamping + " is invalid: must be in (0, ∞)");
        }
        if (maxCgIterations < 1) {
            throw new IllegalArgumentException("max CG iterations = " + maxCgIterations + " is invalid: must be ≥ 1");
        }
    }

    /** λ₀ = 1, 250 CG iterations, Gauss–Newton where available, Armijo defaults, SciPy's stopping. */
    public static HessianFree defaults() {
        return new HessianFree(1, 250, true, BacktrackingArmijo.defaults(), Stopping.defaults());
    }

    public HessianFree withInitialDamping(double lambda) {
        return new HessianFree(lambda, maxCgIterations, preferGaussNewton, lineSearch, stopping);
    }

    public HessianFree withMaxCgIterations(int maxCgIterations) {
        return new HessianFree(initialDamping, maxCgIterations, preferGaussNewton, lineSearch, stopping);
    }

    public HessianFree withPreferGaussNewton(boolean preferGaussNewton) {
        return new HessianFree(initialDamping, maxCgIterations, preferGaussNewton, lineSearch, stopping);
    }

    public HessianFree withLineSearch(BacktrackingArmijo lineSearch) {
        return new HessianFree(initialDamping, maxCgIterations, preferGaussNewton, lineSearch, stopping);
    }

    @Override
    public HessianFree withStopping(Stopping stopping) {
        return new HessianFree(initialDamping, maxCgIterations, preferGaussNewton, lineSearch, stopping);
    }

    @Override
    public String name() {
        return "hf";
    }

    @Override
    public MinimizeResult minimize(Objective objective, Tensor x, boolean recordTrajectory) {
        Run run = new Run(name(), objective, x, stopping, recordTrajectory);
        Backend b = run.backend;
        DampedConjugateGradient.Curvature curvature = preferGaussNewton && objective.hasGaussNewtonVectorProduct()
                ? run::gaussNewtonVector
                : run::hessianVector;
        try (Workspace ws = new Workspace(name(), x)) {
            Tensor g = ws.vector("gradient");
            Tensor p = ws.vector("cg iterate");
            Tensor best = ws.vector("best");
            Tensor bestGradient = ws.vector("best gradient");
            Tensor trial = ws.vector("trial");
            Tensor trialGradient = ws.vector("trial gradient");
            DampedConjugateGradient cg = new DampedConjugateGradient(b, ws, curvature, maxCgIterations);
            double f = run.evaluate(x, g);
            run.record(f, x);
            double lambda = initialDamping;
            int k = 0;
            Run.Stop stop;
            while ((stop = run.check(k, f, g)) == null) {
                b.vectorOps().scale(WARM_START_DECAY, p);
                DampedConjugateGradient.Solution solution = cg.solve(x, g, lambda, p);

                // CG backtracking: the last iterate first, then earlier ones while f decreases
                List<DampedConjugateGradient.Candidate> candidates = solution.candidates();
                int chosen = candidates.size() - 1;
                double bestF = evaluateAt(run, x, candidates.get(chosen).step(), best, bestGradient);
                for (int j = chosen - 1; j >= 0; j--) {
                    double fj = evaluateAt(run, x, candidates.get(j).step(), trial, trialGradient);
                    if (!(fj < bestF)) {
                        break;
                    }
                    Tensor t = best;
                    best = trial;
                    trial = t;
                    t = bestGradient;
                    bestGradient = trialGradient;
                    trialGradient = t;
                    bestF = fj;
                    chosen = j;
                }
                DampedConjugateGradient.Candidate c = candidates.get(chosen);

                double predicted = c.model() - 0.5 * lambda * c.squaredNorm();
                double rho = predicted < 0 ? (bestF - f) / predicted : Double.NEGATIVE_INFINITY;
                if (!(rho >= 0.25)) {
                    lambda *= 1.5;
                } else if (rho > 0.75) {
                    lambda *= 2.0 / 3.0;
                }

                double slope = b.vectorOps().dot(g, c.step());
                Tensor next = best;
                Tensor nextGradient = bestGradient;
                if (!lineSearch.sufficientDecrease(f, slope, 1, bestF)) {
                    Line line = new Line(run, x, c.step(), trial, trialGradient);
                    LineSearchResult found = lineSearch.search(line, f, slope, lineSearch.shrink());
                    if (!found.accepted()) {
                        return run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail() + " (damping λ = "
                                + Run.fmt(lambda) + ", CG stopped by " + solution.stoppedBy() + ")");
                    }
                    bestF = line.settle(found.point()).value();
                    next = line.point;
                    nextGradient = line.gradient;
                }
                b.vectorOps().copy(next, x);
                b.vectorOps().copy(nextGradient, g);
                f = bestF;
                k++;
                run.record(f, x);
            }
            return run.finish(k, f, g, stop);
        }
    }

    /** f at {@code x + step}, the point into {@code point} and its gradient into {@code gradient}. */
    private static double evaluateAt(Run run, Tensor x, Tensor step, Tensor point, Tensor gradient) {
        run.backend.vectorOps().copy(x, point);
        run.backend.vectorOps().axpy(1, step, point);
        return run.evaluate(point, gradient);
    }
}

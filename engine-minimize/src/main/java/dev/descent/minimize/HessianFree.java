package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

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
 * in the paper. When no step along p decreases f enough, the step is rejected as Martens does: the
 * iterate stays, λ is raised by 3/2, and the run goes on with the next iteration (which counts, so
 * the iteration limit bounds a run that never finds a step again). All vectors live on the backend.
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
    public MinimizerSession start(Objective objective, Tensor x, boolean recordTrajectory) {
        return IterationSession.open(this, x, ws -> new HessianFreeSession(this, objective, x, recordTrajectory, ws));
    }
}

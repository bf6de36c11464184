package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * Nonlinear conjugate gradients (Fletcher &amp; Reeves 1964; Polak &amp; Ribière 1969; Nocedal &amp; Wright,
 * 2nd ed., Alg. 5.4): {@code dₖ₊₁ = −gₖ₊₁ + βₖ₊₁·dₖ} with β from a {@link ConjugacyFormula}, and a
 * strong Wolfe line search each step. The first trial step is {@code min(1, 1/‖g₀‖₂)}, later ones
 * {@code min(1, 1.01·2(fₖ − fₖ₋₁)/φ'(0))} (N&amp;W eq. 3.60, as SciPy's CG).
 *
 * <p>Restarts ({@code β = 0}, i.e. a steepest-descent step): every {@code restartEvery} iterations
 * if that is positive (N&amp;W §5.2 suggest n; off by default, as in SciPy, because on ill-conditioned
 * problems it discards conjugacy that is still useful: on {@code ½xᵀDx}, D = logspace(0, 4, 1000),
 * PR+ needs 2013 evaluations without it and 2587 with a restart every n); when {@code |gₖ₊₁ᵀgₖ| ≥ ν·‖gₖ₊₁‖²}, Powell's test that successive
 * gradients are far from orthogonal (N&amp;W eq. 5.52; ν = 0 turns it off); and whenever the new
 * direction is not a descent direction. A line search that fails along a conjugate direction is
 * retried along {@code −g}; a failure there ends the run. Besides {@link Stopping}'s ∞-norm test,
 * Haykin's {@code ‖r(n)‖ ≤ ε‖r(0)‖} (Neural Networks and Learning Machines, 3rd ed., ch. 4) is
 * {@link Stopping#relativeTolerance()}.
 *
 * @param formula how β is computed
 * @param lineSearch the strong Wolfe search (c1 = 1e-4, c2 = 0.4 as SciPy's CG; c2 &lt; ½ makes
 *     every Fletcher–Reeves direction a descent direction, N&amp;W Lemma 5.6)
 * @param restartEvery iterations between periodic restarts, ≥ 0 (0 = none, the default)
 * @param orthogonalityRestart Powell's ν ≥ 0 (0 = off, the default)
 * @param stopping when to stop
 */
public record NonlinearConjugateGradient(ConjugacyFormula formula, StrongWolfe lineSearch, int restartEvery,
        double orthogonalityRestart, Stopping stopping) implements Minimizer {

    public NonlinearConjugateGradient {
        if (formula == null) {
            throw new IllegalArgumentException("formula must be given");
        }
        if (restartEvery < 0) {
            throw new IllegalArgumentException("restart every = " + restartEvery + " is invalid: must be ≥ 0 (0 = never)");
        }
        if (!(orthogonalityRestart >= 0) || Double.isInfinite(orthogonalityRestart)) {
            throw new IllegalArgumentException("orthogonality restart ν = " + orthogonalityRestart
                    + " is invalid: must be in [0, ∞)");
        }
    }

    /** {@code formula} with strong Wolfe (1e-4, 0.4), no periodic restarts, SciPy's stopping. */
    public static NonlinearConjugateGradient defaults(ConjugacyFormula formula) {
        return new NonlinearConjugateGradient(formula, StrongWolfe.defaults().withC2(0.4), 0, 0, Stopping.defaults());
    }

    public NonlinearConjugateGradient withLineSearch(StrongWolfe lineSearch) {
        return new NonlinearConjugateGradient(formula, lineSearch, restartEvery, orthogonalityRestart, stopping);
    }

    public NonlinearConjugateGradient withRestartEvery(int restartEvery) {
        return new NonlinearConjugateGradient(formula, lineSearch, restartEvery, orthogonalityRestart, stopping);
    }

    public NonlinearConjugateGradient withOrthogonalityRestart(double nu) {
        return new NonlinearConjugateGradient(formula, lineSearch, restartEvery, nu, stopping);
    }

    @Override
    public NonlinearConjugateGradient withStopping(Stopping stopping) {
        return new NonlinearConjugateGradient(formula, lineSearch, restartEvery, orthogonalityRestart, stopping);
    }

    @Override
    public String name() {
        return formula.methodName();
    }

    /** SciPy's CG default: {@code 200·n}. */
    @Override
    public int defaultMaxIterations(int n) {
        return Minimizer.perDimension(200, n);
    }

    @Override
    public MinimizerSession start(Objective objective, Tensor x, boolean recordTrajectory) {
        return IterationSession.open(this, x, ws -> new NonlinearConjugateGradientSession(this, objective, x, recordTrajectory, ws));
    }
}

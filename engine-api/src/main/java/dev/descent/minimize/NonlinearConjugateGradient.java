package dev.descent.minimize;

import dev.descent.backend.Backend;
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
 * the course's {@code ‖r(n)‖ ≤ ε‖r(0)‖} is {@link Stopping#relativeTolerance()}.
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

    @Override
    public MinimizeResult minimize(Objective objective, Tensor x, boolean recordTrajectory) {
        Run run = new Run(name(), objective, x, stopping, recordTrajectory);
        Backend b = run.backend;
        int period = restartEvery == 0 ? Integer.MAX_VALUE : restartEvery;
        try (Workspace ws = new Workspace(name(), x)) {
            Tensor g = ws.vector("gradient");
            Tensor d = ws.vector("direction");
            Tensor trial = ws.vector("trial");
            Tensor trialGradient = ws.vector("trial gradient");
            Tensor current = x;
            double f = run.evaluate(current, g);
            run.record(f, current);
            double gg = b.dot(g, g);
            b.copy(g, d);
            b.scale(-1, d);
            double previousF = Double.NaN;
            boolean steepest = true;
            int sinceRestart = 0;
            int k = 0;
            try {
                while (true) {
                    Run.Stop stop = run.check(k, f, g);
                    if (stop != null) {
                        return run.finish(k, f, g, stop);
                    }
                    double slope = b.dot(g, d);
                    double step = Double.isNaN(previousF) ? Math.min(1, 1 / Math.sqrt(gg))
                            : initialStep(f, previousF, slope);
                    Line line = new Line(run, current, d, trial, trialGradient);
                    LineSearchResult found = lineSearch.search(line, f, slope, step);
                    if (!found.accepted()) {
                        if (!steepest) {
                            b.copy(g, d);
                            b.scale(-1, d);
                            steepest = true;
                            sinceRestart = 0;
                            continue;
                        }
                        return run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail());
                    }
                    LinePoint accepted = line.settle(found.point());
                    double newNew = b.dot(trialGradient, trialGradient);
                    double newOld = b.dot(trialGradient, g);
                    double beta = formula.beta(newNew, newOld, gg, accepted.slope(), slope);
                    sinceRestart++;
                    boolean restart = sinceRestart >= period || !Double.isFinite(beta)
                            || (orthogonalityRestart > 0 && Math.abs(newOld) >= orthogonalityRestart * newNew);
                    if (!restart) { // d ← −g_new + β·d
                        b.scale(beta, d);
                        b.axpy(-1, trialGradient, d);
                        restart = !(b.dot(trialGradient, d) < 0); // not downhill
                    }
                    if (restart) {
                        b.copy(trialGradient, d);
                        b.scale(-1, d);
                    }
                    steepest = restart;
                    if (steepest) {
                        sinceRestart = 0;
                    }
                    Tensor t = current;
                    current = trial;
                    trial = t;
                    t = g;
                    g = trialGradient;
                    trialGradient = t;
                    previousF = f;
                    f = accepted.value();
                    gg = newNew;
                    k++;
                    run.record(f, current);
                }
            } finally {
                if (current != x) {
                    b.copy(current, x);
                }
            }
        }
    }

    /** N&amp;W eq. 3.60: the step that would give the previous decrease again, at most 1. */
    private static double initialStep(double f, double previousF, double slope) {
        double step = 1.01 * 2 * (f - previousF) / slope;
        return step > 0 && Double.isFinite(step) ? Math.min(1, step) : 1;
    }
}

package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * BFGS with a dense inverse-Hessian estimate (Broyden, Fletcher, Goldfarb, Shanno 1970;
 * Nocedal &amp; Wright, 2nd ed., Alg. 6.1): direction {@code −H·∇f}, strong Wolfe line search from
 * α = 1 (from {@code min(1, 1/‖∇f‖₂)} while H is the identity), then the BFGS update of H. H is an
 * {@code n×n} {@code double[]} on the host ({@link DenseInverseHessian}), so each iteration copies
 * the gradient and the step to the host and the direction back, and n is limited to
 * {@value #MAX_DIMENSION}; the line search's vector work runs on the backend. A failed line search
 * along a quasi-Newton direction resets H to I and retries along {@code −∇f}.
 *
 * @param lineSearch the strong Wolfe search (c1 = 1e-4, c2 = 0.9)
 * @param stopping when to stop
 */
public record Bfgs(StrongWolfe lineSearch, Stopping stopping) implements Minimizer {

    /** The largest n: H takes 8n² bytes (512 MiB here). */
    public static final int MAX_DIMENSION = 8192;

    /** Strong Wolfe (1e-4, 0.9), SciPy's stopping. */
    public static Bfgs defaults() {
        return new Bfgs(StrongWolfe.defaults(), Stopping.defaults());
    }

    public Bfgs withLineSearch(StrongWolfe lineSearch) {
        return new Bfgs(lineSearch, stopping);
    }

    @Override
    public Bfgs withStopping(Stopping stopping) {
        return new Bfgs(lineSearch, stopping);
    }

    @Override
    public String name() {
        return "bfgs";
    }

    @Override
    public MinimizeResult minimize(Objective objective, Tensor x, boolean recordTrajectory) {
        int n = objective.dimension();
        if (n > MAX_DIMENSION) {
            throw new IllegalArgumentException("bfgs keeps a dense n×n matrix: n = " + n + " is above the limit "
                    + MAX_DIMENSION + "; use lbfgs");
        }
        Run run = new Run(name(), objective, x, stopping, recordTrajectory);
        Backend b = run.backend;
        DenseInverseHessian h = new DenseInverseHessian(n);
        double[] s = new double[n];
        double[] y = new double[n];
        double[] scratch = new double[n];
        try (Workspace ws = new Workspace(name(), x)) {
            Tensor g = ws.vector("gradient");
            Tensor d = ws.vector("direction");
            Tensor trial = ws.vector("trial");
            Tensor trialGradient = ws.vector("trial gradient");
            Tensor current = x;
            double f = run.evaluate(current, g);
            run.record(f, current);
            int k = 0;
            try {
                while (true) {
                    Run.Stop stop = run.check(k, f, g);
                    if (stop != null) {
                        return run.finish(k, f, g, stop);
                    }
                    h.direction(g, d, scratch);
                    double slope = b.dot(g, d);
                    double step = h.isIdentity() ? Math.min(1, 1 / b.norm2(g)) : 1;
                    Line line = new Line(run, current, d, trial, trialGradient);
                    LineSearchResult found = lineSearch.search(line, f, slope, step);
                    if (!found.accepted()) {
                        if (!h.isIdentity()) {
                            h.reset();
                            continue;
                        }
                        return run.finish(k, f, g, StopReason.LINE_SEARCH_FAILED, found.detail());
                    }
                    LinePoint accepted = line.settle(found.point());
                    difference(trial, current, s, scratch);
                    difference(trialGradient, g, y, scratch);
                    h.update(s, y);
                    Tensor t = current;
                    current = trial;
                    trial = t;
                    t = g;
                    g = trialGradient;
                    trialGradient = t;
                    f = accepted.value();
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

    /** {@code out ← a − b} on the host. */
    private static void difference(Tensor a, Tensor b, double[] out, double[] scratch) {
        a.copyTo(out);
        b.copyTo(scratch);
        for (int i = 0; i < out.length; i++) {
            out[i] -= scratch[i];
        }
    }
}

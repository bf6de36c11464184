package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;

/**
 * Limited-memory BFGS (Nocedal 1980; Liu &amp; Nocedal 1989; Nocedal &amp; Wright, 2nd ed., Alg. 7.5):
 * the direction {@code −H·∇f} from the two-loop recursion over the last {@code memory} pairs
 * ({@link LbfgsHistory}: scaling {@code sᵀy/yᵀy}, pairs with {@code sᵀy ≤ ε·yᵀy} skipped), then a
 * strong Wolfe line search starting at α = 1 (at {@code min(1, 1/‖∇f‖₂)} while there is no pair,
 * i.e. first and after a restart). L-BFGS-B starts there at {@code min(1/‖d‖₂, stpmx)}, stpmx = 1e10
 * without bounds, so a trial of unit length however small the gradient; Descent caps it at 1, as
 * SciPy's BFGS and CG do in effect, so that where {@code ‖∇f‖₂ < 1} the first trial is the gradient
 * step itself rather than a longer guess (above 1 the two agree). All vector work runs on the backend, so the whole state stays where
 * {@code x} is; the recursion itself runs in the vector-free form of Chen, Wang &amp; Zhou (2014), on
 * the host over the Gram matrix of the pairs, so that an iteration reads the pairs about twice
 * rather than about 4m times. When the line search fails along a quasi-Newton direction the
 * history is dropped and the search is retried along {@code −∇f}; a failure there ends the run.
 *
 * @param memory the number of pairs m kept, ≥ 1 (10, SciPy's default)
 * @param lineSearch the strong Wolfe search (c1 = 1e-4, c2 = 0.9)
 * @param stopping when to stop
 */
public record Lbfgs(int memory, StrongWolfe lineSearch, Stopping stopping) implements Minimizer {

    public Lbfgs {
        if (memory < 1) {
            throw new IllegalArgumentException("memory = " + memory + " is invalid: must be ≥ 1");
        }
    }

    /** m = 10, strong Wolfe (1e-4, 0.9), SciPy L-BFGS-B's stopping: gtol 1e-5 and ftol 2.2e-9. */
    public static Lbfgs defaults() {
        return new Lbfgs(10, StrongWolfe.defaults(), Stopping.defaults().withFtol(Stopping.LBFGSB_FTOL));
    }

    public Lbfgs withMemory(int memory) {
        return new Lbfgs(memory, lineSearch, stopping);
    }

    public Lbfgs withLineSearch(StrongWolfe lineSearch) {
        return new Lbfgs(memory, lineSearch, stopping);
    }

    @Override
    public Lbfgs withStopping(Stopping stopping) {
        return new Lbfgs(memory, lineSearch, stopping);
    }

    @Override
    public String name() {
        return "lbfgs";
    }

    @Override
    public MinimizerSession start(Objective objective, Tensor x, boolean recordTrajectory) {
        return IterationSession.open(this, x, ws -> new LbfgsSession(this, objective, x, recordTrajectory, ws));
    }
}

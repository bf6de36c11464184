package dev.descent.minimize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/** Runs a minimizer from a problem's starting point on the reference backend. */
final class Fixture {
    static final Backend BACKEND = new ReferenceBackend();

    private Fixture() {
    }

    /** The result and the final point of {@code m} on {@code f} from its x0, in {@code dtype}. */
    record Outcome(MinimizeResult result, double[] x) {
    }

    static Outcome run(Minimizer m, Objective f, DType dtype) {
        try (Tensor x = f.startingPoint(BACKEND, dtype)) {
            MinimizeResult r = m.minimize(f, x);
            return new Outcome(r, x.toDoubleArray());
        }
    }

    static Outcome run(Minimizer m, Objective f) {
        return run(m, f, DType.FLOAT64);
    }

    /** Asserts that the run stopped on a convergence test, showing the whole result otherwise. */
    static MinimizeResult converged(Outcome o) {
        assertTrue(o.result().converged(), o.result().toString());
        return o.result();
    }

    static double maxDistance(double[] x, double target) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v - target));
        }
        return m;
    }
}

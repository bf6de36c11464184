package dev.descent.minimize;

import static dev.descent.minimize.Fixture.converged;
import static dev.descent.minimize.Fixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.LabeledData;
import dev.descent.objective.LogisticRegression;
import dev.descent.objective.Quadratic;
import dev.descent.objective.Rosenbrock;
import dev.descent.tensor.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The methods on float32 tensors. The tolerances that fit float32: near the Rosenbrock minimum the
 * gradient's rounding noise is about 400·|x|·2⁻²⁴·… ≈ 5e-5 (from {@code b − a²}), so gtol = 1e-3
 * (SciPy's 1e-5 is below what float32 can resolve); then f &lt; 1e-6 and x within 1e-2 of the
 * minimizer (‖H⁻¹‖ ≈ 2.5 per pair).
 */
class Float32Test {

    private static final Stopping FLOAT32 = Stopping.defaults().withGtol(1e-3);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ncg-pr", "ncg-fr", "ncg-hs", "bfgs", "lbfgs", "newton", "hf"})
    void rosenbrockConvergesInFloat32(String method) {
        for (int n : new int[] {2, 100}) {
            Fixture.Outcome o = run(Minimizers.create(method, FLOAT32), new Rosenbrock(n), DType.FLOAT32);
            MinimizeResult r = converged(o);
            assertTrue(r.value() < 1e-6 * n, method + ", n = " + n + ": " + r);
            assertTrue(Fixture.maxDistance(o.x(), 1) < 1e-2, method + ", n = " + n + ": " + r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cg", "ncg-pr", "lbfgs", "hf"})
    void quadraticAndLogisticConvergeInFloat32(String method) {
        // ½xᵀDx, D = logspace(0, 2, 50): gtol 1e-3 with curvature ≥ 1 puts x within 1e-3 of 0.
        Fixture.Outcome q = run(Minimizers.create(method, FLOAT32), Quadratic.logspaceDiagonal(50, 100), DType.FLOAT32);
        converged(q);
        assertTrue(Fixture.maxDistance(q.x(), 0) < 2e-3, method + ": " + q.result());
        if (method.equals("cg")) {
            return; // linear CG needs a quadratic
        }
        // Logistic regression: the float64 solution to 1e-2 (gtol 1e-3 over curvature ≥ λ + data ≈ 0.2).
        LogisticRegression f = new LogisticRegression(LabeledData.synthetic(200, 5, 3), 1e-2);
        double[] reference = run(Lbfgs.defaults().withStopping(Stopping.defaults().withGtol(1e-10)), f).x();
        Fixture.Outcome o = run(Minimizers.create(method, FLOAT32), f, DType.FLOAT32);
        converged(o);
        for (int i = 0; i < 5; i++) {
            assertEquals(reference[i], o.x()[i], 1e-2, method + " w" + i);
        }
    }
}

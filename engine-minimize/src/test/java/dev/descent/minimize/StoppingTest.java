package dev.descent.minimize;

import static dev.descent.minimize.Fixture.BACKEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.HostObjective;
import dev.descent.objective.Rosenbrock;
import dev.descent.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The iteration limits SciPy uses, and what a result says about the test that stopped it. */
class StoppingTest {

    /** SciPy: CG, BFGS, Newton-CG {@code maxiter = 200·n}; {@code sparse.linalg.cg} 10·n; L-BFGS-B 15000. */
    @Test
    void iterationLimitsDefaultToScipysPerMethod() {
        Map<String, Integer> atN50 = Map.of("ncg-pr", 10_000, "ncg-fr", 10_000, "ncg-hs", 10_000, "bfgs", 10_000,
                "newton", 10_000, "cg", 500, "lbfgs", 15_000, "hf", 15_000);
        for (String name : Minimizers.NAMES) {
            Minimizer m = Minimizers.create(name);
            assertEquals(Stopping.METHOD_DEFAULT, m.stopping().maxIterations(), name);
            assertEquals(atN50.get(name), m.maxIterations(50), name);
            assertEquals(7, m.withStopping(m.stopping().withMaxIterations(7)).maxIterations(50), name + ": explicit wins");
        }
        assertEquals(Integer.MAX_VALUE, Bfgs.defaults().maxIterations(Integer.MAX_VALUE / 100), "saturates");
    }

    /** The limit a run applies is the method's for the problem's n: BFGS on Rosenbrock n = 2 stops at 400. */
    @Test
    void aRunStopsAtTheMethodsLimitForItsDimension() {
        Rosenbrock f = new Rosenbrock(2);
        Minimizer ncg = NonlinearConjugateGradient.defaults(ConjugacyFormula.FLETCHER_REEVES)
                .withStopping(Stopping.defaults().withGtol(0));
        try (Tensor x = f.startingPoint(BACKEND)) {
            MinimizeResult r = ncg.minimize(f, x);
            if (r.stopReason() == StopReason.ITERATION_LIMIT) {
                assertEquals(400, r.iterations(), r.toString());
                assertTrue(r.stopDetail().startsWith("reached the limit of 400 iterations"), r.stopDetail());
            } else {
                assertTrue(r.iterations() < 400, r.toString());
            }
        }
    }

    /**
     * Wood's function (Moré, Garbow &amp; Hillstrom 1981, problem 14) from (−3, −1, −3, −1): L-BFGS's
     * value-reduction test (SciPy's ftol) fires where ‖g‖∞ is still far above gtol. The stop counts as
     * converged, as in SciPy, and the result says that the gradient test does not hold.
     */
    @Test
    void valueReductionStopSaysTheGradientTestDoesNotHold() {
        Wood wood = new Wood();
        try (Tensor x = wood.startingPoint(BACKEND)) {
            MinimizeResult r = Lbfgs.defaults().minimize(wood, x);
            assertEquals(StopReason.VALUE_REDUCTION, r.stopReason(), r.toString());
            assertTrue(r.converged());
            assertTrue(r.gradientNorm() > 10 * Stopping.DEFAULT_GTOL, r.toString());
            assertFalse(r.gradientTestHolds(), r.toString());
        }
        try (Tensor x = wood.startingPoint(BACKEND)) {
            MinimizeResult r = Lbfgs.defaults().withStopping(Stopping.defaults()).minimize(wood, x);
            assertEquals(StopReason.GRADIENT_TOLERANCE, r.stopReason(), r.toString());
            assertTrue(r.gradientTestHolds(), r.toString());
        }
    }

    /** Wood's four-variable function, minimum 0 at (1, 1, 1, 1). */
    private static final class Wood extends HostObjective {
        Wood() {
            super("wood", 4);
        }

        @Override
        public double[] startingValues() {
            return new double[] {-3, -1, -3, -1};
        }

        @Override
        protected double valueAndGradient(double[] x, double[] g) {
            double a = x[1] - x[0] * x[0];
            double b = x[3] - x[2] * x[2];
            double f = 100 * a * a + (1 - x[0]) * (1 - x[0]) + 90 * b * b + (1 - x[2]) * (1 - x[2])
                    + 10.1 * ((x[1] - 1) * (x[1] - 1) + (x[3] - 1) * (x[3] - 1)) + 19.8 * (x[1] - 1) * (x[3] - 1);
            g[0] = -400 * x[0] * a - 2 * (1 - x[0]);
            g[1] = 200 * a + 20.2 * (x[1] - 1) + 19.8 * (x[3] - 1);
            g[2] = -360 * x[2] * b - 2 * (1 - x[2]);
            g[3] = 180 * b + 20.2 * (x[3] - 1) + 19.8 * (x[1] - 1);
            return f;
        }
    }
}

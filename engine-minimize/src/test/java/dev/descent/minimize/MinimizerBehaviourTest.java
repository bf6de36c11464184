package dev.descent.minimize;

import static dev.descent.minimize.Fixture.BACKEND;
import static dev.descent.minimize.Fixture.converged;
import static dev.descent.minimize.Fixture.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.Beale;
import dev.descent.objective.LabeledData;
import dev.descent.objective.LogisticRegression;
import dev.descent.objective.Objective;
import dev.descent.objective.Problems;
import dev.descent.objective.Quadratic;
import dev.descent.objective.Rosenbrock;
import dev.descent.objective.Saddle;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every minimizer promises besides speed: results, stop reasons, trajectories, and errors. */
class MinimizerBehaviourTest {

    /** Rosenbrock with a sign error in the gradient: every "descent" direction goes uphill. */
    private static Objective wrongGradient() {
        Rosenbrock f = new Rosenbrock(2);
        return new Objective() {
            @Override
            public String name() {
                return "wrong";
            }

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public double[] startingValues() {
                return f.startingValues();
            }

            @Override
            public double valueAndGradient(Tensor x, Tensor gradient) {
                double v = f.valueAndGradient(x, gradient);
                gradient.backend().vectorOps().scale(-1, gradient);
                return v;
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ncg-pr", "ncg-fr", "ncg-hs", "bfgs", "lbfgs", "newton", "hf"})
    void everyMethodFindsTheMinimaOfBealeAndLogisticRegression(String method) {
        // Beale's minimum (3, 0.5) to 1e-4 (gtol 1e-5 over curvature ≳ 0.1); logistic regression
        // against L-BFGS run to gtol 1e-10 (a strongly convex problem: one minimizer), to 1e-4.
        Minimizer m = Minimizers.create(method);
        Fixture.Outcome beale = run(m, new Beale());
        converged(beale);
        assertEquals(3, beale.x()[0], 1e-4, method + " on beale");
        assertEquals(0.5, beale.x()[1], 1e-4, method + " on beale");

        LogisticRegression logistic = new LogisticRegression(LabeledData.synthetic(200, 5, 3), 1e-2);
        double[] reference = run(Lbfgs.defaults().withStopping(Stopping.defaults().withGtol(1e-10)), logistic).x();
        Fixture.Outcome o = run(m, logistic);
        converged(o);
        for (int i = 0; i < 5; i++) {
            assertEquals(reference[i], o.x()[i], 1e-4, method + " on logistic, w" + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ncg-fr", "ncg-hs", "newton", "hf"})
    void theOtherMethodsReachTheRosenbrockMinimumToo(String method) {
        Fixture.Outcome o = run(Minimizers.create(method), new Rosenbrock(2));
        MinimizeResult r = converged(o);
        assertTrue(r.value() < 1e-9, r.toString());
        assertTrue(Fixture.maxDistance(o.x(), 1) < 1e-4, r.toString());
    }

    @Test
    void restartsAreWhatMakeConjugateGradientsSteepestDescent() {
        // restartEvery = 1 resets β to 0 after every step: steepest descent with a Wolfe line search,
        // which zigzags on ½xᵀDx (κ = 100) where PR+ does not: 198 against 56 iterations here.
        Objective q = Quadratic.logspaceDiagonal(20, 100);
        NonlinearConjugateGradient pr = NonlinearConjugateGradient.defaults(ConjugacyFormula.POLAK_RIBIERE_PLUS);
        MinimizeResult conjugate = converged(run(pr, q));
        MinimizeResult steepest = converged(run(pr.withRestartEvery(1), q));
        assertTrue(steepest.iterations() > 2 * conjugate.iterations(), steepest + " vs " + conjugate);
        // Powell's orthogonality restarts (ν = 0.1) keep Fletcher–Reeves converging on Rosenbrock.
        converged(run(NonlinearConjugateGradient.defaults(ConjugacyFormula.FLETCHER_REEVES)
                .withOrthogonalityRestart(0.1), new Rosenbrock(2)));
    }

    @Test
    void hessianFreeUsesGaussNewtonProductsAndDampingOnExtendedRosenbrock() {
        MinimizeResult r = converged(run(HessianFree.defaults(), new Rosenbrock(100)));
        assertTrue(r.curvatureProducts() > 0, r.toString());
        MinimizeResult hessian = converged(run(HessianFree.defaults().withPreferGaussNewton(false), new Rosenbrock(100)));
        assertTrue(hessian.curvatureProducts() > 0, hessian.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ncg-pr", "bfgs", "lbfgs"})
    void aLineSearchThatCannotDescendStopsTheRunWithItsReason(String method) {
        MinimizeResult r = run(Minimizers.create(method), wrongGradient()).result();
        assertEquals(StopReason.LINE_SEARCH_FAILED, r.stopReason(), r.toString());
        assertFalse(r.converged());
        // f rises along every direction the wrong gradient offers: the bracket shrinks to rounding.
        assertTrue(r.stopDetail().startsWith("step below minimum: the bracket [0.00000, "), r.stopDetail());
        assertTrue(r.stopDetail().contains("(f(0) = 24.2000, best f = 24.2000)"), r.stopDetail());
        assertEquals(0, r.iterations(), "no step was taken");
    }

    @Test
    void newtonOnASaddleAddsDampingAndFollowsTheUnboundedDirection() {
        // The Hessian diag(2, −2) is indefinite: the shifted Cholesky makes the step a descent
        // direction, so Newton escapes the saddle and f falls without bound until it overflows.
        MinimizeResult r = run(Newton.defaults(), new Saddle()).result();
        assertEquals(StopReason.NON_FINITE, r.stopReason(), r.toString());
        assertEquals(Double.NEGATIVE_INFINITY, r.value());
    }

    @Test
    void linearCgStopsOnNegativeCurvature() {
        MinimizeResult r = run(LinearConjugateGradient.defaults(), new Saddle()).result();
        assertEquals(StopReason.NEGATIVE_CURVATURE, r.stopReason(), r.toString());
        assertTrue(r.stopDetail().contains("the matrix is not positive definite"), r.stopDetail());
    }

    @Test
    void strongWolfeMethodsReportAnUnboundedObjective() {
        MinimizeResult r = run(Lbfgs.defaults(), new Saddle()).result();
        assertEquals(StopReason.LINE_SEARCH_FAILED, r.stopReason(), r.toString());
        assertTrue(r.stopDetail().contains("f may be unbounded below"), r.stopDetail());
    }

    @Test
    void theIterationLimitIsAReasonNotAConvergence() {
        MinimizeResult r = run(Lbfgs.defaults().withStopping(Stopping.defaults().withMaxIterations(5)),
                new Rosenbrock(2)).result();
        assertEquals(StopReason.ITERATION_LIMIT, r.stopReason());
        assertEquals(5, r.iterations());
        assertFalse(r.converged());
        assertTrue(r.stopDetail().startsWith("reached the limit of 5 iterations"), r.stopDetail());
    }

    @Test
    void theCoursesRelativeResidualTestStopsConjugateGradients() {
        // ‖g‖₂ ≤ 1e-3·‖g₀‖₂ comes long before ‖g‖∞ ≤ 1e-5 on ½xᵀDx with ‖g₀‖ ≈ 1e4.
        Stopping relative = Stopping.defaults().withRelativeTolerance(1e-3);
        for (String method : List.of("cg", "ncg-pr")) {
            MinimizeResult r = run(Minimizers.create(method, relative), Quadratic.logspaceDiagonal(100, 1e4)).result();
            assertEquals(StopReason.RELATIVE_RESIDUAL, r.stopReason(), r.toString());
            assertTrue(r.converged());
        }
    }

    @Test
    void trajectoriesRecordTheValuePerIterationAndThePointsIn2D() {
        try (Tensor x = new Rosenbrock(2).startingPoint(BACKEND)) {
            MinimizeResult r = Lbfgs.defaults().minimize(new Rosenbrock(2), x, true);
            Trajectory t = r.trajectory().orElseThrow();
            double[] values = t.values();
            assertEquals(r.iterations() + 1, values.length);
            assertEquals(24.2, values[0], 1e-12);
            assertEquals(r.value(), values[values.length - 1], 0);
            for (int i = 1; i < values.length; i++) {
                assertTrue(values[i] < values[i - 1], "Wolfe steps decrease f: iteration " + i);
            }
            assertEquals(values.length, t.points().size());
            assertArrayEquals(new double[] {-1.2, 1}, t.points().get(0));
            assertArrayEquals(x.toDoubleArray(), t.points().getLast(), "the final point is in the caller's tensor");
        }
        try (Tensor x = new Rosenbrock(4).startingPoint(BACKEND)) {
            Trajectory t = Lbfgs.defaults().minimize(new Rosenbrock(4), x, true).trajectory().orElseThrow();
            assertTrue(t.points().isEmpty(), "points only for 2-D problems");
        }
        try (Tensor x = new Rosenbrock(2).startingPoint(BACKEND)) {
            assertTrue(Lbfgs.defaults().minimize(new Rosenbrock(2), x).trajectory().isEmpty());
        }
    }

    @Test
    void theRunLeavesTheStartingTensorHoldingTheResult() {
        for (String method : Minimizers.NAMES) {
            Objective f = Problems.create("quadratic", 10, java.util.Map.of("cond", "10"));
            try (Tensor x = f.startingPoint(BACKEND)) {
                MinimizeResult r = Minimizers.create(method).minimize(f, x);
                assertTrue(r.converged(), method + ": " + r);
                assertTrue(BACKEND.vectorOps().maxAbs(x) < 1e-4, method + " left x = " + java.util.Arrays.toString(x.toDoubleArray()));
                assertEquals(method, r.method());
            }
        }
    }

    @Test
    void badRequestsAreNamed() {
        assertEquals("unknown method 'adam2' (known: cg, ncg-pr, ncg-fr, ncg-hs, bfgs, lbfgs, newton, hf)",
                assertThrows(IllegalArgumentException.class, () -> Minimizers.create("adam2")).getMessage());
        try (Tensor x = BACKEND.allocate("x", DType.FLOAT64, 3)) {
            assertEquals("lbfgs: problem 'rosenbrock' has n = 2 but the starting point 'x' has 3 elements",
                    assertThrows(IllegalArgumentException.class, () -> Lbfgs.defaults().minimize(new Rosenbrock(2), x))
                            .getMessage());
        }
        assertEquals("memory = 0 is invalid: must be ≥ 1",
                assertThrows(IllegalArgumentException.class, () -> Lbfgs.defaults().withMemory(0)).getMessage());
        assertEquals("gtol = -1.0 is invalid: must be in [0, ∞)",
                assertThrows(IllegalArgumentException.class, () -> Stopping.defaults().withGtol(-1)).getMessage());
        assertEquals("c2 = 1.0E-5 is invalid: must be in (c1, 1) with c1 = 1.0E-4",
                assertThrows(IllegalArgumentException.class, () -> StrongWolfe.defaults().withC2(1e-5)).getMessage());
        assertEquals("shrink = 1.0 is invalid: must be in (0, 1)",
                assertThrows(IllegalArgumentException.class, () -> BacktrackingArmijo.defaults().withShrink(1)).getMessage());
        Objective big = new Rosenbrock(10_000);
        try (Tensor x = big.startingPoint(BACKEND)) {
            assertEquals("bfgs keeps a dense n×n matrix: n = 10000 is above the limit 8192; use lbfgs",
                    assertThrows(IllegalArgumentException.class, () -> Bfgs.defaults().minimize(big, x)).getMessage());
            assertEquals("newton builds a dense n×n Hessian: n = 10000 is above the limit 4096; use hf or lbfgs",
                    assertThrows(IllegalArgumentException.class, () -> Newton.defaults().minimize(big, x)).getMessage());
        }
    }

    @Test
    void theWorkspaceIsFreedAfterARun() {
        // Tensors a run allocates are closed at its end; the caller's x stays open.
        try (Tensor x = new Rosenbrock(2).startingPoint(BACKEND)) {
            Lbfgs.defaults().minimize(new Rosenbrock(2), x);
            assertFalse(x.isClosed());
        }
    }
}

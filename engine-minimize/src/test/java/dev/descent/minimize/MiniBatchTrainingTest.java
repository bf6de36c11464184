package dev.descent.minimize;

import static dev.descent.minimize.Fixture.BACKEND;
import static dev.descent.minimize.Fixture.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.LabeledData;
import dev.descent.objective.LogisticRegression;
import dev.descent.objective.Quadratic;
import dev.descent.objective.Rosenbrock;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.Parameter;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** First-order optimizers trained on mini-batches through the {@link Minimizer} interface. */
class MiniBatchTrainingTest {

    /** The default logistic problem: 1000 synthetic rows, 10 features, λ = 1e-3. */
    private static LogisticRegression logistic() {
        return new LogisticRegression(LabeledData.synthetic(1000, 10, 0), 1e-3);
    }

    /** The optimum by L-BFGS to gtol 1e-8 (tighter runs into rounding: the line search cannot resolve f). */
    private static double optimum(LogisticRegression f) {
        MinimizeResult r = Fixture.converged(run(Lbfgs.defaults().withStopping(Stopping.defaults().withGtol(1e-8)), f));
        return r.value();
    }

    @Test
    void sgdWithMomentumAndAdamReachTheLbfgsOptimumOfLogisticRegression() {
        // A constant step size leaves mini-batch SGD in a noise ball around the optimum whose size
        // grows with lr and shrinks with the batch; at these settings (20 epochs of batches of 100)
        // the gap is ~1e-4 for SGD (lr 0.05, momentum 0.9) and ~3e-5 for Adam (lr 0.01), against
        // f* ≈ 0.619. The test allows 1e-3, still 1/25 of the gap left by one epoch of SGD (~2.5e-2).
        LogisticRegression f = logistic();
        double best = optimum(f);
        for (var spec : new dev.descent.optim.OptimizerSpec[] {Sgd.defaults().withLr(0.05).withMomentum(0.9),
                Adam.defaults().withLr(0.01)}) {
            MinimizeResult r = run(MiniBatchTraining.of(spec, 100, 20, 7), f).result();
            assertEquals(StopReason.EPOCHS_DONE, r.stopReason(), r.toString());
            assertEquals(20 * 10, r.iterations(), "10 batches per epoch: " + r);
            assertEquals(200 + 20 + 1, r.functionEvaluations(), "a batch per step, the full f at the start and per epoch");
            assertEquals(r.functionEvaluations(), r.gradientEvaluations());
            assertTrue(r.value() - best <= 1e-3, spec.name() + ": f = " + r.value() + " vs L-BFGS's " + best);
            assertTrue(r.value() >= best - 1e-9, "nothing beats the optimum: " + r);
        }
    }

    @Test
    void fullBatchSgdIsGradientDescent() {
        // batch = all: each step is the optimizer's step on the full gradient. The same float32 SGD
        // steps written by hand on the exact gradient must give the same bits.
        LogisticRegression f = logistic();
        Sgd sgd = Sgd.defaults().withLr(0.5);
        int epochs = 30;
        float[] trained;
        MinimizeResult r;
        try (Tensor x = f.startingPoint(BACKEND, DType.FLOAT32)) {
            r = MiniBatchTraining.of(sgd, MiniBatchTraining.ALL, epochs, 1).minimize(f, x);
            trained = x.toFloatArray();
        }
        float[] byHand;
        try (Tensor w = f.startingPoint(BACKEND, DType.FLOAT32);
                Tensor g = BACKEND.allocate("g", DType.FLOAT32, f.dimension());
                Optimizer opt = Optimizer.of(BACKEND, sgd, new Parameter(w, g))) {
            for (int step = 0; step < epochs; step++) {
                f.valueAndGradient(w, g);
                opt.step();
            }
            byHand = w.toFloatArray();
        }
        assertArrayEquals(byHand, trained);
        assertEquals(epochs, r.iterations(), "one step per epoch");
        assertEquals(epochs + 1, r.functionEvaluations(), "one full evaluation per step and one at the end");
        // A batch size equal to m is the same thing.
        try (Tensor x = f.startingPoint(BACKEND, DType.FLOAT32)) {
            MiniBatchTraining.of(sgd, f.exampleCount(), epochs, 99).minimize(f, x);
            assertArrayEquals(byHand, x.toFloatArray());
        }
    }

    @Test
    void seededRunsAreReproducible() {
        LogisticRegression f = logistic();
        MiniBatchTraining adam = MiniBatchTraining.of(Adam.defaults().withLr(0.01), 32, 3, 42);
        Fixture.Outcome first = run(adam, f);
        Fixture.Outcome again = run(adam, f);
        assertArrayEquals(first.x(), again.x());
        assertEquals(first.result().value(), again.result().value());
        assertEquals(first.result().iterations(), again.result().iterations());
        Fixture.Outcome otherSeed = run(adam.withSeed(43), f);
        assertFalse(Arrays.equals(first.x(), otherSeed.x()), "another seed shuffles differently");
    }

    @Test
    void gradientDescentStopsOnTheGradientTolerance() {
        // ½xᵀDx, D = logspace(0, 1, 10): full-batch SGD with lr 0.1 contracts by 1 − 0.1·1 per step, so
        // ‖g‖∞ falls from 10 to gtol = 1e-3 (above float32 rounding) within ~90 of the 1000 epochs.
        Quadratic q = Quadratic.logspaceDiagonal(10, 10);
        MiniBatchTraining gd = MiniBatchTraining.of(Sgd.defaults().withLr(0.1), MiniBatchTraining.ALL, 1000, 0)
                .withStopping(Stopping.defaults().withGtol(1e-3));
        Fixture.Outcome o = run(gd, q);
        MinimizeResult r = Fixture.converged(o);
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.stopReason());
        assertTrue(r.iterations() < 100, r.toString());
        assertTrue(r.gradientNorm() <= 1e-3, r.toString());
        assertTrue(Fixture.maxDistance(o.x(), 0) <= 1e-3, "x within gtol/λmin of 0");
        assertEquals("sgd", r.method());
    }

    @Test
    void theStepLimitAndTheTrajectoryCountStepsAndEpochs() {
        LogisticRegression f = logistic();
        MiniBatchTraining sgd = MiniBatchTraining.of(Sgd.defaults().withLr(0.1), 100, 5, 0);
        try (Tensor x = f.startingPoint(BACKEND)) {
            MinimizeResult r = sgd.minimize(f, x, true);
            double[] values = r.trajectory().orElseThrow().values();
            assertEquals(6, values.length, "the start and every epoch");
            assertEquals(Math.log(2), values[0], 1e-12, "w0 = 0: log 2 per example");
            assertEquals(r.value(), values[5]);
            assertEquals(DType.FLOAT64, x.dtype(), "the caller's float64 tensor holds the float32 result, widened");
        }
        MinimizeResult limited = run(sgd.withStopping(sgd.stopping().withMaxIterations(15)), f).result();
        assertEquals(StopReason.ITERATION_LIMIT, limited.stopReason(), limited.toString());
        assertEquals(15, limited.iterations());
    }

    @Test
    void optimizersComeByNameWithTorchNamedHyperParameters() {
        MiniBatchTraining m = MiniBatchTraining.of(OptimizerSpecs.fromHyper("rmsprop", Map.of("lr", 0.01)), 50, 2, 3);
        MinimizeResult r = run(m, logistic()).result();
        assertEquals("rmsprop", r.method());
        assertEquals(40, r.iterations());
        assertTrue(r.value() < Math.log(2), "training lowered the loss from log 2: " + r);
    }

    @Test
    void badRequestsAreNamed() {
        Rosenbrock rosenbrock = new Rosenbrock(2);
        try (Tensor x = rosenbrock.startingPoint(BACKEND)) {
            assertEquals("sgd: problem 'rosenbrock' is not a mean over examples, so it has no mini-batches; train it"
                    + " full-batch (batch size all)", assertThrows(IllegalArgumentException.class,
                            () -> MiniBatchTraining.of(Sgd.defaults(), 1, 1, 0).minimize(rosenbrock, x)).getMessage());
        }
        LogisticRegression f = logistic();
        try (Tensor x = f.startingPoint(BACKEND)) {
            assertEquals("sgd: batch size = 1001 is invalid: problem 'logistic' has 1000 examples",
                    assertThrows(IllegalArgumentException.class,
                            () -> MiniBatchTraining.of(Sgd.defaults(), 1001, 1, 0).minimize(f, x)).getMessage());
        }
        assertEquals("epochs = 0 is invalid: must be ≥ 1",
                assertThrows(IllegalArgumentException.class, () -> MiniBatchTraining.of(Sgd.defaults(), 1, 0, 0))
                        .getMessage());
        assertEquals("batch size = -1 is invalid: must be ≥ 1 (or 0 for all examples)",
                assertThrows(IllegalArgumentException.class, () -> MiniBatchTraining.of(Sgd.defaults(), -1, 1, 0))
                        .getMessage());
    }

    @Test
    void aDivergingRunStopsAsNonFinite() {
        // lr 1e30 on a quadratic whose curvature reaches 10: x grows by ~1e31 per step and overflows
        // float32 (3.4e38) within two steps.
        MinimizeResult r = run(MiniBatchTraining.of(Sgd.defaults().withLr(1e30), MiniBatchTraining.ALL, 10, 0),
                Quadratic.logspaceDiagonal(4, 10)).result();
        assertEquals(StopReason.NON_FINITE, r.stopReason(), r.toString());
        assertTrue(r.iterations() <= 3, r.toString());
    }
}

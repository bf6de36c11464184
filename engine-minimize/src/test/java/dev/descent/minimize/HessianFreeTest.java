package dev.descent.minimize;

import static dev.descent.minimize.Fixture.BACKEND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.HostObjective;
import dev.descent.objective.Objective;
import dev.descent.objective.Quadratic;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hessian-free's parts, each held to Martens (ICML 2010): the Levenberg–Marquardt damping, the
 * relative-progress stop of CG, the iterates CG keeps and the backtracking over them, and the step
 * rejection when no step decreases f.
 */
class HessianFreeTest {

    /** ρ &lt; ¼ → λ·3/2, ρ &gt; ¾ → λ·2/3, else unchanged; the boundaries keep λ. Exact: one multiplication. */
    @Test
    void levenbergMarquardtRuleOnTheReductionRatio() {
        assertEquals(1.5 * 0.8, HessianFreeSession.adjustDamping(0.8, 0.1));
        assertEquals(1.5 * 0.8, HessianFreeSession.adjustDamping(0.8, -3));
        assertEquals(1.5 * 0.8, HessianFreeSession.adjustDamping(0.8, Double.NaN), "no ratio: raise");
        assertEquals(1.5 * 0.8, HessianFreeSession.adjustDamping(0.8, Double.NEGATIVE_INFINITY));
        assertEquals(0.8, HessianFreeSession.adjustDamping(0.8, 0.25));
        assertEquals(0.8, HessianFreeSession.adjustDamping(0.8, 0.5));
        assertEquals(0.8, HessianFreeSession.adjustDamping(0.8, 0.75));
        assertEquals(0.8 * (2.0 / 3.0), HessianFreeSession.adjustDamping(0.8, 0.9));
    }

    /** On a quadratic the undamped model is f itself, so ρ = 1 and λ shrinks by 2/3 each step. */
    @Test
    void dampingShrinksWhereTheModelIsExact() {
        Quadratic q = Quadratic.logspaceDiagonal(20, 100);
        try (Tensor x = q.startingPoint(BACKEND);
                HessianFreeSession s = (HessianFreeSession) HessianFree.defaults().withInitialDamping(0.9)
                        .start(q, x, false)) {
            assertTrue(s.step().isEmpty());
            assertEquals(0.9 * (2.0 / 3.0), s.damping());
        }
    }

    /** A curvature 100 times too small promises a decrease f does not deliver: ρ &lt; ¼ raises λ. */
    @Test
    void dampingGrowsWhereTheModelOverpromises() {
        Objective f = new Bowl(0.01, false);
        try (Tensor x = f.startingPoint(BACKEND);
                HessianFreeSession s = (HessianFreeSession) HessianFree.defaults().withInitialDamping(0.01)
                        .start(f, x, false)) {
            assertTrue(s.step().isEmpty());
            assertEquals(0.01 * 1.5, s.damping());
            assertTrue(s.value() < 1, "the Armijo search still found a decrease: f = " + s.value());
        }
    }

    /** Martens' test: {@code i > k}, {@code φᵢ < 0} and {@code (φᵢ − φᵢ₋ₖ)/φᵢ < k·ε}, k = max(10, ⌈0.1·i⌉). */
    private static boolean progressStalls(List<Double> phi, int i) {
        int k = Math.max(10, (int) Math.ceil(0.1 * i));
        return i > k && phi.get(i) < 0 && (phi.get(i) - phi.get(i - k)) / phi.get(i) < k * DampedConjugateGradient.PROGRESS_TOLERANCE;
    }

    private static DampedConjugateGradient.Solution solveOnce(Quadratic q, double lambda, int maxIterations) {
        try (Tensor x = q.startingPoint(BACKEND); Workspace ws = new Workspace("test", x)) {
            Tensor g = ws.vector("g");
            q.valueAndGradient(x, g);
            DampedConjugateGradient cg = new DampedConjugateGradient(BACKEND, ws, q::hessianVectorProduct, maxIterations);
            return cg.solve(x, g, lambda, ws.vector("p"));
        }
    }

    /** CG stops at the first iteration where the relative progress stalls, well before its limit. */
    @Test
    void conjugateGradientsStopOnRelativeProgress() {
        DampedConjugateGradient.Solution s = solveOnce(Quadratic.logspaceDiagonal(2000, 1e6), 1e-6, 1000);
        assertTrue(s.stoppedBy().startsWith("relative progress below"), s.stoppedBy());
        int last = s.candidates().getLast().iteration();
        assertTrue(last < 1000, "stopped at " + last);
        assertEquals(last + 1, s.models().size());
        assertTrue(progressStalls(s.models(), last));
        for (int i = 0; i < last; i++) {
            assertFalse(progressStalls(s.models(), i), "the test already held at iteration " + i);
        }
    }

    /** The iterates kept for backtracking: {@code i = ⌈1.3ʲ⌉} (each once), and the last. */
    @Test
    void conjugateGradientsKeepTheGeometricIterates() {
        DampedConjugateGradient.Solution s = solveOnce(Quadratic.logspaceDiagonal(2000, 1e6), 1e-6, 40);
        int last = s.models().size() - 1;
        List<Integer> expected = new ArrayList<>();
        for (int j = 0; ; j++) {
            int i = (int) Math.ceil(Math.pow(DampedConjugateGradient.KEEP_GROWTH, j));
            if (i > last) {
                break;
            }
            if (expected.isEmpty() || expected.getLast() != i) {
                expected.add(i);
            }
        }
        if (expected.getLast() != last) {
            expected.add(last);
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 7, 9, 11, 14, 18), expected.subList(0, 10));
        assertEquals(expected, s.candidates().stream().map(DampedConjugateGradient.Candidate::iteration).toList());
    }

    /** Values of f at the kept iterates, by index; records the order of evaluations and keeps. */
    private static final class FakeTrials implements HessianFreeSession.Trials {
        final double[] values;
        final List<String> log = new ArrayList<>();
        int lastEvaluated = -1;

        FakeTrials(double... values) {
            this.values = values;
        }

        @Override
        public double value(int j) {
            lastEvaluated = j;
            log.add("f" + j);
            return values[j];
        }

        @Override
        public void keep() {
            log.add("keep" + lastEvaluated);
        }
    }

    /** From the last kept iterate backwards while f decreases, and no further. */
    @Test
    void backtrackingWalksBackWhileFDecreases() {
        FakeTrials t = new FakeTrials(5, 3, 4, 6);
        assertEquals(1, HessianFreeSession.backtrack(3, t));
        assertEquals(List.of("f3", "keep3", "f2", "keep2", "f1", "keep1", "f0"), t.log);

        FakeTrials stops = new FakeTrials(1, 5, 4, 6); // the lowest, index 0, lies beyond an increase
        assertEquals(2, HessianFreeSession.backtrack(3, stops));
        assertEquals(List.of("f3", "keep3", "f2", "keep2", "f1"), stops.log);

        FakeTrials lastIsBest = new FakeTrials(3, 2);
        assertEquals(1, HessianFreeSession.backtrack(1, lastIsBest));
        assertEquals(List.of("f1", "keep1", "f0"), lastIsBest.log);

        FakeTrials nan = new FakeTrials(0, Double.NaN); // a NaN last value: an earlier finite one is not "lower"
        assertEquals(1, HessianFreeSession.backtrack(1, nan));
    }

    /**
     * No step decreases f (the gradient points the wrong way, so every step along the CG solution goes
     * uphill): Martens rejects the step, raises λ and goes on, so the run ends on its iteration limit
     * with x where it started, λ raised by 3/2 per rejected step — not with a failed line search.
     */
    @Test
    void noDecreaseRejectsTheStepRaisesDampingAndGoesOn() {
        Objective f = new Bowl(1, true);
        try (Tensor x = f.startingPoint(BACKEND)) {
            double[] x0 = x.toDoubleArray();
            HessianFree hf = HessianFree.defaults().withStopping(Stopping.defaults().withMaxIterations(3));
            MinimizeResult r;
            double damping;
            int rejected;
            try (HessianFreeSession s = (HessianFreeSession) hf.start(f, x, true)) {
                r = s.runToEnd();
                damping = s.damping();
                rejected = s.rejectedSteps();
            }
            assertEquals(StopReason.ITERATION_LIMIT, r.stopReason(), r.toString());
            assertEquals(3, r.iterations());
            assertEquals(3, rejected);
            assertEquals(1.5 * 1.5 * 1.5, damping, 1e-15);
            assertEquals(1, r.value(), "f(x0) = ½‖(1, −1)‖² = 1, never left");
            assertArrayEquals(x0, x.toDoubleArray());
            assertArrayEquals(new double[] {1, 1, 1, 1}, r.trajectory().orElseThrow().values());
        }
    }

    /**
     * {@code f(x) = ½‖x‖²} from (1, −1) whose Hessian-vector product reports {@code curvature·v}; with
     * {@code lying}, the reported gradient is {@code −x}, the wrong way.
     */
    private static final class Bowl extends HostObjective {
        private final double curvature;
        private final boolean lying;

        Bowl(double curvature, boolean lying) {
            super("bowl", 2);
            this.curvature = curvature;
            this.lying = lying;
        }

        @Override
        public double[] startingValues() {
            return new double[] {1, -1};
        }

        @Override
        protected double valueAndGradient(double[] x, double[] gradient) {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                f += 0.5 * x[i] * x[i];
                gradient[i] = lying ? -x[i] : x[i];
            }
            return f;
        }

        @Override
        public boolean hasExactHessianVectorProduct() {
            return true;
        }

        @Override
        protected void hessianVectorProduct(double[] x, double[] v, double[] out) {
            Arrays.setAll(out, i -> curvature * v[i]);
        }
    }
}

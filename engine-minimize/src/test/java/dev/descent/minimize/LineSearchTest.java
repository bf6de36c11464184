package dev.descent.minimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The line searches on scalar functions φ(α) given with their derivative: what they accept, and the
 * reason they give when they cannot accept anything.
 */
class LineSearchTest {

    /** φ and φ' as a {@link LineFunction} that counts its evaluations. */
    private static final class Phi implements LineFunction {
        final DoubleUnaryOperator value;
        final DoubleUnaryOperator slope;
        int evaluations;
        double lastStep = Double.NaN;

        Phi(DoubleUnaryOperator value, DoubleUnaryOperator slope) {
            this.value = value;
            this.slope = slope;
        }

        @Override
        public LinePoint at(double step) {
            evaluations++;
            lastStep = step;
            return new LinePoint(step, value.applyAsDouble(step), slope.applyAsDouble(step));
        }

        LineSearchResult search(LineSearch s, double initialStep) {
            return s.search(this, value.applyAsDouble(0), slope.applyAsDouble(0), initialStep);
        }
    }

    /** φ(α) = (α − 3)⁴ + (α − 3)², minimum at 3: not quadratic, so interpolation is not exact. */
    private static Phi quartic() {
        return new Phi(a -> Math.pow(a - 3, 4) + (a - 3) * (a - 3), a -> 4 * Math.pow(a - 3, 3) + 2 * (a - 3));
    }

    @Test
    void strongWolfeAcceptsOnlyStepsMeetingBothConditions() {
        StrongWolfe wolfe = StrongWolfe.defaults().withC2(0.1);
        for (double start : new double[] {1e-3, 0.5, 1, 2.9, 5, 40}) {
            Phi phi = quartic();
            LineSearchResult r = phi.search(wolfe, start);
            assertTrue(r.accepted(), "from " + start + ": " + r.detail());
            double f0 = phi.value.applyAsDouble(0);
            double g0 = phi.slope.applyAsDouble(0);
            LinePoint p = r.point();
            assertTrue(p.value() <= f0 + wolfe.c1() * p.step() * g0, "sufficient decrease from " + start);
            assertTrue(Math.abs(p.slope()) <= wolfe.c2() * Math.abs(g0), "curvature from " + start);
            assertEquals(phi.lastStep, p.step(), 0, "the accepted step is the last one evaluated");
            assertEquals(phi.evaluations, r.trials());
        }
    }

    @Test
    void strongWolfeExtrapolatesFromATinyStepInAFewTrials() {
        // From 1e-3 the minimum at 3 is 3000× away; growth by up to 4× the last increase per trial
        // brackets it in about log₅(3000) ≈ 5 trials, and zoom needs a few more: 12 is generous.
        Phi phi = quartic();
        LineSearchResult r = phi.search(StrongWolfe.defaults(), 1e-3);
        assertTrue(r.accepted(), r.detail());
        assertTrue(r.trials() <= 12, "trials " + r.trials());
    }

    @Test
    void armijoBacktracksToSufficientDecrease() {
        // φ(α) = (α − 1)², φ(0) = 1, φ'(0) = −2: from α = 8, halving tries 8, 4, 2 (φ = 49, 9, 1, none
        // ≤ 1 − 2e-4·α) and accepts 1.
        Phi phi = new Phi(a -> (a - 1) * (a - 1), a -> 2 * (a - 1));
        LineSearchResult r = phi.search(BacktrackingArmijo.defaults(), 8);
        assertTrue(r.accepted());
        assertEquals(1, r.step(), 0);
        assertEquals(4, r.trials());
    }

    @Test
    void notADescentDirectionIsReported() {
        Phi uphill = new Phi(a -> a * a + a, a -> 2 * a + 1);
        for (LineSearch s : new LineSearch[] {StrongWolfe.defaults(), BacktrackingArmijo.defaults()}) {
            LineSearchResult r = uphill.search(s, 1);
            assertFalse(r.accepted());
            assertEquals(LineSearchFailure.NOT_A_DESCENT_DIRECTION, r.failure());
            assertEquals("not a descent direction: φ'(0) = ∇f·d = 1.00000 is not negative", r.detail());
            assertEquals(0, r.trials());
        }
        assertEquals(0, uphill.evaluations, "nothing evaluated");
    }

    @Test
    void noSufficientDecreaseAfterTheTrialLimitIsReported() {
        // φ(α) = −α + 1e6·α²: decrease only below α = 1e-6, which 3 halvings from 1 do not reach.
        Phi phi = new Phi(a -> -a + 1e6 * a * a, a -> -1 + 2e6 * a);
        LineSearchResult r = phi.search(BacktrackingArmijo.defaults().withMaxTrials(3), 1);
        assertEquals(LineSearchFailure.NO_SUFFICIENT_DECREASE, r.failure());
        assertEquals("no sufficient decrease: no sufficient decrease after 3 trials: last step 0.250000 gave f = 62499.8"
                + " > f(0) + c1·α·φ'(0) = -2.50000e-05", r.detail());
        assertEquals(3, r.trials());
    }

    @Test
    void stepBelowTheMinimumIsReported() {
        Phi phi = new Phi(a -> -a + 1e6 * a * a, a -> -1 + 2e6 * a);
        LineSearchResult r = phi.search(BacktrackingArmijo.defaults().withMinStep(0.1), 1);
        assertEquals(LineSearchFailure.STEP_BELOW_MINIMUM, r.failure());
        assertTrue(r.detail().startsWith("step below minimum: step 0.0625000 < minimum 0.100000 after 4 trials"),
                r.detail());
    }

    @Test
    void anUnboundedLineReachesTheMaximumStep() {
        // φ(α) = −α²: f keeps falling and φ' never flattens: the search climbs to max step.
        Phi phi = new Phi(a -> -a * a - a, a -> -2 * a - 1);
        LineSearchResult r = phi.search(StrongWolfe.defaults().withMaxStep(1e3), 1);
        assertEquals(LineSearchFailure.STEP_AT_MAXIMUM, r.failure());
        assertTrue(r.detail().contains("the step reached the maximum 1000.00"), r.detail());
        assertTrue(r.detail().contains("(f may be unbounded below)"), r.detail());

        LineSearchResult capped = new Phi(a -> -a * a - a, a -> -2 * a - 1).search(StrongWolfe.defaults().withMaxTrials(4), 1);
        assertEquals(LineSearchFailure.NO_WOLFE_STEP, capped.failure());
        assertTrue(capped.detail().startsWith("no wolfe step: no step satisfied the strong Wolfe conditions after 4 trials"),
                capped.detail());
    }

    @Test
    void nonFiniteValuesCountAsStepsThatAreTooLong() {
        // φ is NaN beyond α = 2 (an overflow in f, say): both searches back off into the finite part.
        Phi phi = new Phi(a -> a > 2 ? Double.NaN : (a - 1) * (a - 1), a -> a > 2 ? Double.NaN : 2 * (a - 1));
        LineSearchResult wolfe = phi.search(StrongWolfe.defaults(), 16);
        assertTrue(wolfe.accepted(), wolfe.detail());
        assertTrue(wolfe.step() <= 2);
        LineSearchResult armijo = phi.search(BacktrackingArmijo.defaults(), 16);
        assertTrue(armijo.accepted(), armijo.detail());
        assertEquals(1, armijo.step(), 0, "16, 8, 4 are NaN; 2 gives φ = φ(0); 1 decreases");
    }

    @Test
    void aBracketNarrowerThanRoundingIsReported() {
        // A "function" whose value never drops below φ(0) at any positive step, although φ'(0) < 0
        // (as when rounding dominates f near a minimum): zoom shrinks the bracket to nothing.
        Phi flat = new Phi(a -> a == 0 ? 1 : 1 + 1e-30, a -> -1);
        LineSearchResult r = flat.search(StrongWolfe.defaults().withMaxTrials(200), 1);
        assertEquals(LineSearchFailure.STEP_BELOW_MINIMUM, r.failure());
        assertTrue(r.detail().contains("is narrower than rounding allows"), r.detail());
    }
}

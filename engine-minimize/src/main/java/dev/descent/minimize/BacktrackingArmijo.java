package dev.descent.minimize;

import static dev.descent.minimize.LineSearch.num;

/**
 * Backtracking line search (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., Alg. 3.1): from the
 * initial step, multiply by {@code shrink} until the Armijo condition
 * {@code φ(α) ≤ φ(0) + c1·α·φ'(0)} holds. A NaN or infinite φ(α) counts as too large.
 *
 * @param c1 sufficient-decrease constant in (0, 1); 1e-4 by default
 * @param shrink contraction factor ρ in (0, 1); 0.5 by default
 * @param maxTrials evaluations allowed, ≥ 1; 40 by default
 * @param minStep the search fails once α falls below this, > 0; 1e-20 by default
 */
public record BacktrackingArmijo(double c1, double shrink, int maxTrials, double minStep) implements LineSearch {

    public BacktrackingArmijo {
        if (!(c1 > 0 && c1 < 1)) {
            throw new IllegalArgumentException("c1 = " + c1 + " is invalid: must be in (0, 1)");
        }
        if (!(shrink > 0 && shrink < 1)) {
            throw new IllegalArgumentException("shrink = " + shrink + " is invalid: must be in (0, 1)");
        }
        if (maxTrials < 1) {
            throw new IllegalArgumentException("max trials = " + maxTrials + " is invalid: must be ≥ 1");
        }
        if (!(minStep > 0) || Double.isInfinite(minStep)) {
            throw new IllegalArgumentException("min step = " + minStep + " is invalid: must be in (0, ∞)");
        }
    }

    /** c1 = 1e-4, shrink 0.5, 40 trials, minimum step 1e-20. */
    public static BacktrackingArmijo defaults() {
        return new BacktrackingArmijo(1e-4, 0.5, 40, 1e-20);
    }

    public BacktrackingArmijo withC1(double c1) {
        return new BacktrackingArmijo(c1, shrink, maxTrials, minStep);
    }

    public BacktrackingArmijo withShrink(double shrink) {
        return new BacktrackingArmijo(c1, shrink, maxTrials, minStep);
    }

    public BacktrackingArmijo withMaxTrials(int maxTrials) {
        return new BacktrackingArmijo(c1, shrink, maxTrials, minStep);
    }

    public BacktrackingArmijo withMinStep(double minStep) {
        return new BacktrackingArmijo(c1, shrink, maxTrials, minStep);
    }

    /** Whether {@code value ≤ value0 + c1·step·slope0} (false for a NaN value). */
    public boolean sufficientDecrease(double value0, double slope0, double step, double value) {
        return value <= value0 + c1 * step * slope0;
    }

    @Override
    public LineSearchResult search(LineFunction line, double value0, double slope0, double initialStep) {
        LinePoint last = new LinePoint(0, value0, slope0);
        if (!(slope0 < 0)) {
            return LineSearchResult.failed(LineSearchFailure.NOT_A_DESCENT_DIRECTION,
                    "φ'(0) = ∇f·d = " + num(slope0) + " is not negative", last, 0);
        }
        double step = initialStep;
        for (int trial = 1; trial <= maxTrials; trial++) {
            if (step < minStep) {
                return LineSearchResult.failed(LineSearchFailure.STEP_BELOW_MINIMUM, "step " + num(step)
                        + " < minimum " + num(minStep) + " after " + (trial - 1) + " trials without sufficient decrease"
                        + " (f(0) = " + num(value0) + ", last f = " + num(last.value()) + ")", last, trial - 1);
            }
            last = line.at(step);
            if (sufficientDecrease(value0, slope0, step, last.value())) {
                return LineSearchResult.accepted(last, trial);
            }
            step *= shrink;
        }
        return LineSearchResult.failed(LineSearchFailure.NO_SUFFICIENT_DECREASE, "no sufficient decrease after "
                + maxTrials + " trials: last step " + num(last.step()) + " gave f = " + num(last.value()) + " > f(0) + c1·α·φ'(0) = "
                + num(value0 + c1 * last.step() * slope0), last, maxTrials);
    }
}

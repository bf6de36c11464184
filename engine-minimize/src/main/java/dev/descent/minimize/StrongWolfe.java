package dev.descent.minimize;

import static dev.descent.minimize.LineSearch.num;

/**
 * Line search for the strong Wolfe conditions {@code φ(α) ≤ φ(0) + c1·α·φ'(0)} and
 * {@code |φ'(α)| ≤ c2·|φ'(0)|} (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., Alg. 3.5 and
 * the zoom of Alg. 3.6). The bracketing phase extrapolates with the cubic through the last two
 * trials, growing the step by 1.1 to 4 times its last increase, until it brackets an acceptable one
 * (Moré &amp; Thuente 1994's bounds); zoom picks the minimizer of the cubic that interpolates φ and φ' at both ends of the
 * bracket (N&amp;W eq. 3.59), kept at least a tenth of the bracket away from its ends, or bisects when
 * that cubic has no minimizer. A NaN or infinite φ(α) or φ'(α) counts as a step that is too long.
 *
 * @param c1 sufficient-decrease constant, in (0, c2); 1e-4 by default
 * @param c2 curvature constant, in (c1, 1); 0.9 by default (quasi-Newton; 0.1–0.4 suits nonlinear CG)
 * @param maxTrials evaluations allowed, ≥ 1; 30 by default
 * @param minStep the search fails once the bracket is narrower than this, > 0; 1e-20 by default
 * @param maxStep the largest step tried, ≥ minStep; 1e10 by default (L-BFGS-B's {@code stpmax})
 */
public record StrongWolfe(double c1, double c2, int maxTrials, double minStep, double maxStep) implements LineSearch {

    /** Relative bracket width under which rounding of {@code x + αd} makes further trials meaningless. */
    private static final double RELATIVE_WIDTH = 1e-12;

    /** The bracket fraction that keeps an interpolated step away from the bracket's ends. */
    private static final double SAFEGUARD = 0.1;

    /** The least and greatest growth of the step per bracketing trial, relative to the last increase. */
    private static final double EXTRAPOLATE_MIN = 1.1;
    private static final double EXTRAPOLATE_MAX = 4;

    public StrongWolfe {
        if (!(c1 > 0 && c1 < 1)) {
            throw new IllegalArgumentException("c1 = " + c1 + " is invalid: must be in (0, 1)");
        }
        if (!(c2 > c1 && c2 < 1)) {
            throw new IllegalArgumentException("c2 = " + c2 + " is invalid: must be in (c1, 1) with c1 = " + c1);
        }
        if (maxTrials < 1) {
            throw new IllegalArgumentException("max trials = " + maxTrials + " is invalid: must be ≥ 1");
        }
        if (!(minStep > 0) || Double.isInfinite(minStep)) {
            throw new IllegalArgumentException("min step = " + minStep + " is invalid: must be in (0, ∞)");
        }
        if (!(maxStep >= minStep) || Double.isInfinite(maxStep)) {
            throw new IllegalArgumentException("max step = " + maxStep + " is invalid: must be in [min step, ∞)");
        }
    }

    /** c1 = 1e-4, c2 = 0.9, 30 trials, steps in [1e-20, 1e10]. */
    public static StrongWolfe defaults() {
        return new StrongWolfe(1e-4, 0.9, 30, 1e-20, 1e10);
    }

    public StrongWolfe withC1(double c1) {
        return new StrongWolfe(c1, c2, maxTrials, minStep, maxStep);
    }

    public StrongWolfe withC2(double c2) {
        return new StrongWolfe(c1, c2, maxTrials, minStep, maxStep);
    }

    public StrongWolfe withMaxTrials(int maxTrials) {
        return new StrongWolfe(c1, c2, maxTrials, minStep, maxStep);
    }

    public StrongWolfe withMinStep(double minStep) {
        return new StrongWolfe(c1, c2, maxTrials, minStep, maxStep);
    }

    public StrongWolfe withMaxStep(double maxStep) {
        return new StrongWolfe(c1, c2, maxTrials, minStep, maxStep);
    }

    @Override
    public LineSearchResult search(LineFunction line, double value0, double slope0, double initialStep) {
        LinePoint start = new LinePoint(0, value0, slope0);
        if (!(slope0 < 0)) {
            return LineSearchResult.failed(LineSearchFailure.NOT_A_DESCENT_DIRECTION,
                    "φ'(0) = ∇f·d = " + num(slope0) + " is not negative", start, 0);
        }
        if (!(initialStep > 0)) {
            throw new IllegalArgumentException("initial step = " + initialStep + " is invalid: must be > 0");
        }
        Search s = new Search(line, start);
        LinePoint previous = start;
        double step = Math.min(Math.max(initialStep, minStep), maxStep);
        while (true) {
            if (s.trials == maxTrials) {
                return LineSearchResult.failed(LineSearchFailure.NO_WOLFE_STEP, "no step satisfied the strong Wolfe"
                        + " conditions after " + maxTrials + " trials; the step grew to " + num(previous.step())
                        + " with f = " + num(previous.value()) + " and φ' = " + num(previous.slope())
                        + " still decreasing (f may be unbounded below)", previous, s.trials);
            }
            LinePoint current = s.evaluate(step);
            if (!s.sufficientDecrease(current) || (s.trials > 1 && current.value() >= previous.value())) {
                return s.zoom(previous, current);
            }
            if (s.curvature(current)) {
                return LineSearchResult.accepted(current, s.trials);
            }
            if (current.slope() >= 0) {
                return s.zoom(current, previous);
            }
            if (step >= maxStep) {
                return LineSearchResult.failed(LineSearchFailure.STEP_AT_MAXIMUM, "the step reached the maximum "
                        + num(maxStep) + " with f = " + num(current.value()) + " and φ' = " + num(current.slope())
                        + " still decreasing (f may be unbounded below)", current, s.trials);
            }
            step = Math.min(extrapolate(previous, current), maxStep);
            previous = current;
        }
    }

    /** The state of one search: φ, φ(0), φ'(0) and the trial count. */
    private final class Search {
        final LineFunction line;
        final LinePoint start;
        int trials;

        Search(LineFunction line, LinePoint start) {
            this.line = line;
            this.start = start;
        }

        LinePoint evaluate(double step) {
            trials++;
            return line.at(step);
        }

        /** Armijo, with a non-finite value or slope counting as a failure. */
        boolean sufficientDecrease(LinePoint p) {
            return p.value() <= start.value() + c1 * p.step() * start.slope() && Double.isFinite(p.slope());
        }

        boolean curvature(LinePoint p) {
            return Math.abs(p.slope()) <= -c2 * start.slope();
        }

        /**
         * N&amp;W Alg. 3.6: {@code lo} satisfies sufficient decrease and has the lower value of the two,
         * and the bracket between {@code lo} and {@code hi} contains a strong Wolfe step.
         */
        LineSearchResult zoom(LinePoint lo, LinePoint hi) {
            while (true) {
                double width = Math.abs(hi.step() - lo.step());
                if (width < minStep || width <= RELATIVE_WIDTH * Math.max(lo.step(), hi.step())) {
                    return LineSearchResult.failed(LineSearchFailure.STEP_BELOW_MINIMUM, "the bracket ["
                            + num(Math.min(lo.step(), hi.step())) + ", " + num(Math.max(lo.step(), hi.step()))
                            + "] is narrower than rounding allows after " + trials + " trials (f(0) = "
                            + num(start.value()) + ", best f = " + num(lo.value()) + ")", lo, trials);
                }
                if (trials == maxTrials) {
                    return LineSearchResult.failed(LineSearchFailure.NO_WOLFE_STEP, "no step satisfied the strong"
                            + " Wolfe conditions after " + maxTrials + " trials; bracket [" + num(Math.min(lo.step(),
                            hi.step())) + ", " + num(Math.max(lo.step(), hi.step())) + "], best f = " + num(lo.value())
                            + " with φ' = " + num(lo.slope()), lo, trials);
                }
                LinePoint p = evaluate(interpolate(lo, hi));
                if (!sufficientDecrease(p) || p.value() >= lo.value()) {
                    hi = p;
                } else {
                    if (curvature(p)) {
                        return LineSearchResult.accepted(p, trials);
                    }
                    if (p.slope() * (hi.step() - lo.step()) >= 0) {
                        hi = lo;
                    }
                    lo = p;
                }
            }
        }
    }

    /**
     * The next trial beyond {@code b} while f still decreases there: the minimizer of the cubic through
     * {@code a} and {@code b} (N&amp;W eq. 3.59), kept in {@code [b + 1.1·(b − a), b + 4·(b − a)]}, or the far
     * end when the cubic has no minimizer beyond b (the extrapolation bounds of Moré &amp; Thuente 1994).
     */
    static double extrapolate(LinePoint a, LinePoint b) {
        double width = b.step() - a.step();
        double low = b.step() + EXTRAPOLATE_MIN * width;
        double high = b.step() + EXTRAPOLATE_MAX * width;
        double t = cubicMinimizer(a, b);
        if (!(t > b.step())) {
            return high;
        }
        return Math.min(Math.max(t, low), high);
    }

    /**
     * The minimizer of the cubic through {@code (a, φ(a), φ'(a))} and {@code (b, φ(b), φ'(b))}
     * (N&amp;W eq. 3.59), kept {@value #SAFEGUARD} of the bracket inside it; the midpoint when the
     * cubic has no minimizer or an end is not finite.
     */
    static double interpolate(LinePoint a, LinePoint b) {
        double left = Math.min(a.step(), b.step());
        double right = Math.max(a.step(), b.step());
        double margin = SAFEGUARD * (right - left);
        double t = cubicMinimizer(a, b);
        if (!Double.isFinite(t)) {
            return 0.5 * (left + right);
        }
        return Math.min(Math.max(t, left + margin), right - margin);
    }

    /** N&amp;W eq. 3.59: the local minimizer of the Hermite cubic through a and b; NaN or ±∞ if it has none. */
    private static double cubicMinimizer(LinePoint a, LinePoint b) {
        double d1 = a.slope() + b.slope() - 3 * (a.value() - b.value()) / (a.step() - b.step());
        double d2 = Math.signum(b.step() - a.step()) * Math.sqrt(d1 * d1 - a.slope() * b.slope());
        return b.step() - (b.step() - a.step()) * (b.slope() + d2 - d1) / (b.slope() - a.slope() + 2 * d2);
    }
}

package dev.descent.minimize;

/** Why a line search found no acceptable step. */
public enum LineSearchFailure {
    /** {@code φ'(0) ≥ 0} (or not finite): the direction does not go downhill. */
    NOT_A_DESCENT_DIRECTION,
    /** The trial limit was reached without sufficient decrease (backtracking). */
    NO_SUFFICIENT_DECREASE,
    /** The trial limit was reached without a step satisfying both strong Wolfe conditions. */
    NO_WOLFE_STEP,
    /** The step, or the bracket around it, shrank below the minimum: rounding dominates f. */
    STEP_BELOW_MINIMUM,
    /** The step reached the maximum while f kept decreasing: f may be unbounded below along d. */
    STEP_AT_MAXIMUM
}

package dev.descent.optim;

import dev.descent.kernel.NormType;
import java.util.Objects;

/**
 * Gradient clipping run inside {@link Optimizer#step()}, for the whole optimizer
 * ({@link Optimizer.Builder#clipping}) or for one group ({@link Optimizer.Builder#group(ParamGroup,
 * GradientClipping)}): torch's {@code clip_grad_norm_} or {@code clip_grad_value_} called before
 * {@code optimizer.step()}, fused into the step. The gradients are never written: the step computes
 * the norm in one pass over the gradients and every optimizer kernel applies the clip as it reads
 * them.
 */
public sealed interface GradientClipping {

    /**
     * torch's {@code clip_grad_norm_(params, max_norm, norm_type, error_if_nonfinite)}: the gradients
     * are multiplied by {@code max_norm / (norm + 1e-6)} when that is below 1.
     *
     * @param maxNorm the largest norm left as it is, ≥ 0
     * @param normType 2 or ∞
     * @param errorIfNonfinite a non-finite norm throws {@link NonFiniteGradientException} even where
     *     the optimizer would skip such a step ({@link Optimizer.Builder#skipNonFinite})
     */
    record Norm(double maxNorm, NormType normType, boolean errorIfNonfinite) implements GradientClipping {
        public Norm {
            if (!(maxNorm >= 0)) {
                throw new IllegalArgumentException("max_norm must be ≥ 0, got " + maxNorm);
            }
            Objects.requireNonNull(normType, "normType");
        }

        /**
         * torch's {@code clip_coef_clamped}: {@code max_norm / (norm + 1e-6)} in double, at most 1
         * (and 1 for an infinite {@code max_norm}).
         */
        public double scale(double norm) {
            double coefficient = maxNorm / (norm + 1e-6);
            return Math.min(coefficient, 1.0);
        }
    }

    /**
     * torch's {@code clip_grad_value_(params, clip_value)}: every gradient element clamped to
     * {@code [-clip_value, clip_value]}.
     *
     * @param clipValue the bound, ≥ 0
     */
    record Value(double clipValue) implements GradientClipping {
        public Value {
            if (!(clipValue >= 0)) {
                throw new IllegalArgumentException("clip_value must be ≥ 0, got " + clipValue);
            }
        }
    }

    /** {@code clip_grad_norm_(params, maxNorm)}: the 2-norm, no error for a non-finite norm. */
    static GradientClipping norm(double maxNorm) {
        return new Norm(maxNorm, NormType.TWO, false);
    }

    /**
     * {@code clip_grad_norm_(params, maxNorm, normType, errorIfNonfinite)}.
     *
     * @throws IllegalArgumentException for a negative or NaN {@code maxNorm}, or a norm type other
     *     than 2 and {@code +∞}
     */
    static GradientClipping norm(double maxNorm, double normType, boolean errorIfNonfinite) {
        return new Norm(maxNorm, NormType.of(normType), errorIfNonfinite);
    }

    /** {@code clip_grad_value_(params, clipValue)}; throws for a negative or NaN value. */
    static GradientClipping value(double clipValue) {
        return new Value(clipValue);
    }
}

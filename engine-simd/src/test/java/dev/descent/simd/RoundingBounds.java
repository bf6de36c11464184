package dev.descent.simd;

import dev.descent.tensor.DType;

/**
 * The error bounds the kernel tests hold the SIMD backend to, in one place. {@code u = 2⁻⁵³} is the
 * unit roundoff of double and {@code γₙ = n·u/(1 − n·u)} the classic bound on the relative error of
 * a sum or dot product of {@code n} terms evaluated in any order (Higham, <i>Accuracy and Stability
 * of Numerical Algorithms</i>, §3.1): {@code |computed − exact| ≤ γₙ·Σ|termᵢ|}. Two such evaluations
 * (the reference's left-to-right sum, the backend's per-lane and per-block one) are therefore within
 * {@code 2γₙ·Σ|termᵢ|} of each other. A relative bound on the result itself would not be sound: a
 * dot product may cancel to almost nothing.
 */
final class RoundingBounds {
    private RoundingBounds() {
    }

    /** The unit roundoff of double. */
    static final double U = 0x1p-53;

    /** {@code γₙ}. */
    static double gamma(long n) {
        return n * U / (1 - n * U);
    }

    /** How far two evaluations in double of a sum of {@code n} terms of magnitudes {@code Σ|termᵢ|} may be apart. */
    static double twoSums(long n, double sumOfMagnitudes) {
        return 2 * gamma(n) * sumOfMagnitudes;
    }

    /**
     * {@code bound} widened by one ulp of {@code dtype} near {@code value}: two doubles within {@code bound}
     * of each other round to float32 values that may also differ by the ulp between them (each rounding
     * moves its value by at most half an ulp). float64 results are not rounded again.
     */
    static double rounded(double bound, double value, DType dtype) {
        return dtype == DType.FLOAT32 ? bound + Math.ulp((float) (Math.abs(value) + bound)) : bound;
    }

    /** {@code k} ulps of {@code dtype} at {@code value}. */
    static double ulps(int k, double value, DType dtype) {
        return k * (dtype == DType.FLOAT32 ? Math.ulp((float) value) : Math.ulp(value));
    }
}

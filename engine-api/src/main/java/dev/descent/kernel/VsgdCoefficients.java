package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.input;
import static dev.descent.kernel.StateSlot.state;

/**
 * One vSGD step (Schaul, Zhang &amp; LeCun, "No More Pesky Learning Rates", ICML 2013; the
 * finite-difference variant after Schaul &amp; LeCun 2013). State: {@code g_avg}, {@code v_avg},
 * {@code h_avg}, {@code tau}, the caller-filled input {@code curvature}; {@code grad_sq} (caller-filled)
 * with {@link #batchSquares}; {@code h2_avg} with {@link #finiteDifference}; {@code curvature_sq}
 * (caller-filled) with both.
 *
 * <p>With mini-batches, as in Schaul &amp; LeCun's finite-difference variant (ICLR 2013, arXiv
 * 1301.3764), the statistics are per example: {@code grad_sq} is the batch mean of the per-example
 * squared gradients, and for vSGD-fd {@code curvature} the batch mean of the per-example finite
 * differences and {@code curvature_sq} the batch mean of their squares, which {@code h2_avg} averages
 * in place of {@code h·h}. So {@code v̄ − ḡ²} and {@code h2̄ − h̄²} estimate one example's variance,
 * and the outlier tests divide them by n once, for the variance of the batch mean.
 *
 * <p>During the slow start ({@link #sampling}) the step only averages: every moving average moves
 * towards the new sample by {@link #sampleWeight} ({@code 1/t}), so after {@code n0} steps it holds
 * the plain mean of the samples, and the parameter stays where it is; on the last of those steps
 * ({@link #finishSampling}) {@code v_avg} is multiplied by {@link #slowStartFactor}.
 *
 * @param lr multiplies the adaptive rate (1 = the paper's rate)
 * @param eps guards the divisions
 * @param sampling this step belongs to the slow start: average, do not move
 * @param sampleWeight {@code 1/t} for sampling step {@code t}; unused otherwise
 * @param finishSampling this is the last slow-start step: scale {@code v_avg} by the factor
 * @param slowStartFactor the over-estimate C of {@code v_avg} after the slow start
 * @param invBatch {@code 1/n} for a batch of n examples
 * @param batchSpread {@code (n-1)/n}; with {@link #invBatch} the mini-batch correction
 *     {@code ḡ²/(v̄/n + ḡ²·(n-1)/n)}, which is {@code ḡ²/v̄} for n = 1
 * @param batchSquares the second moment comes from {@code grad_sq} (the caller's mean of the
 *     per-example squared gradients) instead of the square of the batch gradient
 * @param outlierLevelSq L² for the outlier test {@code (g - ḡ)² > L²·(v̄ - ḡ²)/n} that lengthens the
 *     memory by one; 0 turns it off
 * @param finiteDifference vSGD-fd: the rate's curvature part is {@code (h̄+eps)/(h2̄+eps)}, from the
 *     averages of the finite-difference curvature and of its square, instead of {@code 1/(h̄+eps)}
 */
public record VsgdCoefficients(float lr, float eps, boolean sampling, float sampleWeight, boolean finishSampling,
        float slowStartFactor, float invBatch, float batchSpread, boolean batchSquares, float outlierLevelSq,
        boolean finiteDifference) implements Coefficients {

    /** The slots of {@code vsgd_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<VsgdCoefficients> LAYOUT = KernelLayout.of("vsgd",
            state("g_avg", 0f),
            state("v_avg", 0f),
            state("h_avg", 0f),
            state("tau", 2f),
            input("curvature", 1f, c -> true),
            input("grad_sq", 0f, VsgdCoefficients::batchSquares),
            state("h2_avg", 0f, VsgdCoefficients::finiteDifference),
            input("curvature_sq", 0f, VsgdCoefficients::curvatureSquares));

    /** vSGD-fd on mini-batches: {@code h2_avg} averages the caller's {@code curvature_sq}. */
    public boolean curvatureSquares() {
        return finiteDifference && batchSquares;
    }

    @Override
    public KernelLayout<VsgdCoefficients> layout() {
        return LAYOUT;
    }
}

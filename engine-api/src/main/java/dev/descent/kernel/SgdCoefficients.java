package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

/**
 * One SGD step. State: {@code momentum_buffer} when {@code momentum != 0}.
 *
 * @param lr learning rate
 * @param momentum μ; 0 disables the buffer
 * @param oneMinusDampening {@code 1 - dampening}, the weight of the new gradient in the buffer
 * @param weightDecay L2 coefficient
 * @param nesterov use {@code g + μ·buf} instead of {@code buf}
 * @param maximize ascend instead of descend
 * @param firstStep the buffer is initialised to the gradient itself (torch: no dampening on the first
 *     step with non-zero momentum, step 1 unless a momentum schedule starts at 0)
 */
public record SgdCoefficients(float lr, float momentum, float oneMinusDampening, float weightDecay,
        boolean nesterov, boolean maximize, boolean firstStep) implements Coefficients {

    /** The slots of {@code sgd_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<SgdCoefficients> LAYOUT = KernelLayout.of("sgd",
            state("momentum_buffer", 0f, c -> c.momentum() != 0));

    @Override
    public KernelLayout<SgdCoefficients> layout() {
        return LAYOUT;
    }
}

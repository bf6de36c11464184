package dev.descent.kernel;

import static dev.descent.kernel.StateSlot.state;

/**
 * One Adagrad step. State: {@code sum}.
 *
 * @param clr the decayed learning rate {@code lr / (1 + (t-1)·lr_decay)}
 * @param eps added outside the square root
 * @param weightDecay L2 coefficient
 * @param maximize ascend instead of descend
 */
public record AdagradCoefficients(float clr, float eps, float weightDecay, boolean maximize) implements Coefficients {

    /** The slots of {@code adagrad_step}, in order after the parameter and the gradient. */
    public static final KernelLayout<AdagradCoefficients> LAYOUT = KernelLayout.of("adagrad",
            state("sum", 0f));

    @Override
    public KernelLayout<AdagradCoefficients> layout() {
        return LAYOUT;
    }
}

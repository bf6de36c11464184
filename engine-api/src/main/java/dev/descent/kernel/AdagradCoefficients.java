package dev.descent.kernel;

/**
 * One Adagrad step. State: {@code sum}.
 *
 * @param clr the decayed learning rate {@code lr / (1 + (t-1)·lr_decay)}
 * @param eps added outside the square root
 * @param weightDecay L2 coefficient
 * @param maximize ascend instead of descend
 */
public record AdagradCoefficients(float clr, float eps, float weightDecay, boolean maximize) {
}

package dev.descent.kernel;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One state slot of an optimizer kernel: the state tensor's torch name, the value it starts at,
 * whether a step writes it (an input the caller fills, like vSGD's {@code curvature}, is only read),
 * and which steps use it at all (Adam's {@code max_exp_avg_sq} only with AMSGrad).
 *
 * @param <C> the kernel's coefficient record
 * @param name the state tensor's name ({@code exp_avg}, ...)
 * @param initialValue the value a new state tensor is filled with (a spec may override it from a
 *     hyper-parameter: Adagrad's {@code initial_accumulator_value}, Rprop's {@code lr})
 * @param written whether a step writes the slot
 * @param usedWhen whether the step with these coefficients reads (and, if {@link #written}, writes) it
 */
public record StateSlot<C extends Coefficients>(String name, float initialValue, boolean written,
        Predicate<? super C> usedWhen) {

    public StateSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(usedWhen, "usedWhen");
    }

    /** A slot every step reads and writes. */
    public static <C extends Coefficients> StateSlot<C> state(String name, float initialValue) {
        return new StateSlot<>(name, initialValue, true, c -> true);
    }

    /** A slot the steps for which {@code usedWhen} holds read and write; the others leave it alone. */
    public static <C extends Coefficients> StateSlot<C> state(String name, float initialValue,
            Predicate<? super C> usedWhen) {
        return new StateSlot<>(name, initialValue, true, usedWhen);
    }

    /** An input the caller fills before a step, which the kernel only reads when {@code usedWhen} holds. */
    public static <C extends Coefficients> StateSlot<C> input(String name, float initialValue,
            Predicate<? super C> usedWhen) {
        return new StateSlot<>(name, initialValue, false, usedWhen);
    }

    /** Whether the step with coefficients {@code c} uses this slot. */
    public boolean usedBy(C c) {
        return usedWhen.test(c);
    }
}

package dev.descent.optim;

import dev.descent.kernel.Coefficients;
import dev.descent.kernel.KernelLayout;
import dev.descent.kernel.StateSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * One named per-parameter state tensor of an optimizer and the value it starts with
 * (torch's names and initial values: {@code exp_avg} 0, Adagrad's {@code sum} =
 * {@code initial_accumulator_value}, Rprop's {@code step_size} = lr, ...). Specs derive their list
 * from their kernel's {@link KernelLayout}.
 */
public record StateSpec(String name, float initialValue) {

    /** Every state slot of {@code layout}, in slot order, with the layout's initial values. */
    public static List<StateSpec> all(KernelLayout<?> layout) {
        return layout.states().stream().map(s -> new StateSpec(s.name(), s.initialValue())).toList();
    }

    /** The state slots that the step with coefficients {@code c} uses, in slot order. */
    public static <C extends Coefficients> List<StateSpec> usedBy(KernelLayout<C> layout, C c) {
        List<StateSpec> out = new ArrayList<>();
        for (StateSlot<C> s : layout.states()) {
            if (s.usedBy(c)) {
                out.add(new StateSpec(s.name(), s.initialValue()));
            }
        }
        return List.copyOf(out);
    }

    /** {@code states} with the one called {@code name} starting at {@code initialValue} instead. */
    public static List<StateSpec> withInitial(List<StateSpec> states, String name, float initialValue) {
        if (states.stream().noneMatch(s -> s.name().equals(name))) {
            throw new IllegalArgumentException("no state '" + name + "' among " + states);
        }
        return states.stream().map(s -> s.name().equals(name) ? new StateSpec(name, initialValue) : s).toList();
    }
}

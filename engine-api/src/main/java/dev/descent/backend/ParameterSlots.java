package dev.descent.backend;

import dev.descent.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an optimizer kernel updates for one parameter: the parameter, its gradient, and the
 * optimizer's named state tensors (torch's names: {@code exp_avg}, {@code momentum_buffer}, ...).
 */
public record ParameterSlots(Tensor param, Tensor grad, Map<String, Tensor> state) {

    public ParameterSlots {
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(grad, "grad");
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    /** The state tensor called {@code name}; throws if this optimizer keeps no such state. */
    public Tensor state(String name) {
        Tensor t = state.get(name);
        if (t == null) {
            throw new IllegalStateException("parameter '" + param.name() + "' has no optimizer state '" + name
                    + "' (it has " + state.keySet() + ")");
        }
        return t;
    }

    /** The number of elements of the parameter. */
    public long size() {
        return param.size();
    }
}

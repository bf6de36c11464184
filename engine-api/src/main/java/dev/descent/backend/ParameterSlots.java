package dev.descent.backend;

import dev.descent.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an optimizer kernel updates for one parameter: the parameter, its gradient, and the
 * optimizer's named state tensors (torch's names: {@code exp_avg}, {@code momentum_buffer}, ...).
 *
 * <p>A bfloat16 or float16 parameter (with a gradient of its dtype) has a float32 master copy among
 * its state, {@value #MASTER_PARAM}: each step widens the gradient, updates the master and the state
 * in float32 exactly as a float32 parameter's step would, and writes the master rounded to nearest
 * even into the parameter, in one pass.
 */
public record ParameterSlots(Tensor param, Tensor grad, Map<String, Tensor> state) {

    /** The state name of a low-precision parameter's float32 master copy (as apex's and torch's fp16 optimizers name it). */
    public static final String MASTER_PARAM = "master_param";

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

    /** Whether the parameter is bfloat16 or float16, stepped through its float32 {@link #master()}. */
    public boolean hasMaster() {
        return param.dtype().isLowPrecision();
    }

    /** The float32 master copy of a low-precision parameter; throws if it has none. */
    public Tensor master() {
        return state(MASTER_PARAM);
    }

    /**
     * Whether {@code group} holds exactly {@code records}, the very same objects in the same order: a
     * backend that caches what it made of a group (its checks, its tables) reuses it only then, records
     * being immutable.
     */
    public static boolean sameRecords(List<ParameterSlots> group, ParameterSlots[] records) {
        if (group.size() != records.length) {
            return false;
        }
        for (int k = 0; k < records.length; k++) {
            if (group.get(k) != records[k]) {
                return false;
            }
        }
        return true;
    }

    /** The number of elements of the parameter. */
    public long size() {
        return param.size();
    }
}

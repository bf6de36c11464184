package dev.descent.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scalar state that an optimizer keeps per parameter group on the host (NAdam's {@code mu_product},
 * iRprop+'s previous loss), named so that checkpoints and tests can see it.
 */
public final class GroupState {
    private final Map<String, Double> values = new LinkedHashMap<>();

    /** The value called {@code name}, or {@code initial} if it was never set. */
    public double get(String name, double initial) {
        return values.getOrDefault(name, initial);
    }

    /** Sets the value called {@code name}. */
    public void put(String name, double value) {
        values.put(name, value);
    }

    /** A read-only view of every value. */
    public Map<String, Double> asMap() {
        return Collections.unmodifiableMap(values);
    }

    void clear() {
        values.clear();
    }
}

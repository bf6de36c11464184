package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What {@link Optimizer#state} hands out: the state tensors of one parameter by name, read-only.
 * The optimizer owns the tensors and their slots, so a change of the map itself is refused with a
 * message saying what to do instead (write into the tensor); {@link Map#copyOf} and
 * {@link java.util.Collections#unmodifiableMap} would throw {@link UnsupportedOperationException}
 * without one.
 */
final class StateView extends AbstractMap<String, Tensor> {

    private final String param;
    private final Map<String, Tensor> state;

    /** The read-only view of {@code state}, the slots of the parameter called {@code param}. */
    StateView(String param, Map<String, Tensor> state) {
        this.param = param;
        this.state = state;
    }

    @Override
    public Set<Entry<String, Tensor>> entrySet() {
        return state.entrySet();
    }

    @Override
    public Tensor get(Object key) {
        return state.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return state.containsKey(key);
    }

    @Override
    public Tensor put(String key, Tensor value) {
        throw refused("put '" + key + "'");
    }

    @Override
    public Tensor remove(Object key) {
        throw refused("remove '" + key + "'");
    }

    @Override
    public void putAll(Map<? extends String, ? extends Tensor> m) {
        throw refused("putAll");
    }

    @Override
    public void clear() {
        throw refused("clear");
    }

    @Override
    public Tensor putIfAbsent(String key, Tensor value) {
        throw refused("putIfAbsent '" + key + "'");
    }

    @Override
    public Tensor compute(String key, BiFunction<? super String, ? super Tensor, ? extends Tensor> f) {
        throw refused("compute '" + key + "'");
    }

    @Override
    public Tensor computeIfAbsent(String key, Function<? super String, ? extends Tensor> f) {
        throw refused("computeIfAbsent '" + key + "'");
    }

    @Override
    public Tensor merge(String key, Tensor value, BiFunction<? super Tensor, ? super Tensor, ? extends Tensor> f) {
        throw refused("merge '" + key + "'");
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super Tensor, ? extends Tensor> f) {
        throw refused("replaceAll");
    }

    private UnsupportedOperationException refused(String what) {
        return new UnsupportedOperationException("the optimizer state of '" + param + "' is read-only (" + what
                + "): its slots are fixed by the optimizer; to change the state, write into the state tensors"
                + " (state(param).get(name).copyFrom(...)) or reset() the optimizer");
    }
}

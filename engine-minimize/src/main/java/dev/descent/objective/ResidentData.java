package dev.descent.objective;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A problem's constant data (matrix, data set) and scratch vectors as tensors on each backend,
 * dtype and point shape the problem is evaluated with, made once on first use: evaluations then
 * run on the backend without moving the point or the data. One owner (the problem), released by
 * {@link #close()}.
 *
 * @param <T> the problem's bundle of tensors for one backend, dtype and shape
 */
public final class ResidentData<T> implements AutoCloseable {

    /**
     * Makes the bundle for one dtype and point shape, allocating its tensors from {@code tensors}.
     *
     * @param <T> the bundle's type
     */
    @FunctionalInterface
    public interface Factory<T> {
        /** The bundle for {@code dtype} and points of {@code shape}, its tensors allocated from {@code tensors}. */
        T make(OwnedTensors tensors, DType dtype, long[] shape);
    }

    private record Key(Backend backend, DType dtype, List<Long> shape) {
    }

    private record Copy<T>(OwnedTensors tensors, T bundle) {
    }

    private final Factory<T> factory;
    private final Map<Key, Copy<T>> copies = new LinkedHashMap<>();

    /** Copies made by {@code factory}, none yet. */
    public ResidentData(Factory<T> factory) {
        this.factory = factory;
    }

    /** The bundle for the backend, dtype and shape of {@code x}, made now if this is their first use. */
    public T on(Tensor x) {
        long[] shape = x.shape();
        List<Long> dims = new ArrayList<>(shape.length);
        for (long d : shape) {
            dims.add(d);
        }
        Key key = new Key(x.backend(), x.dtype(), dims);
        Copy<T> copy = copies.get(key);
        if (copy == null) {
            OwnedTensors tensors = new OwnedTensors(x.backend());
            try {
                copy = new Copy<>(tensors, factory.make(tensors, x.dtype(), shape));
            } catch (RuntimeException | Error e) {
                tensors.close(); // nothing half-made stays allocated
                throw e;
            }
            copies.put(key, copy);
        }
        return copy.bundle();
    }

    /** Closes every copy; the next {@link #on} makes them again. */
    @Override
    public void close() {
        List<OwnedTensors> all = copies.values().stream().map(Copy::tensors).toList();
        copies.clear();
        OwnedTensors.closeAll(all);
    }
}

package dev.descent.objective;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensors of one backend allocated for a problem and closed together, newest first: the one owner of
 * a problem's copies of its data and scratch on a backend (see {@link ResidentData}).
 */
public final class OwnedTensors implements AutoCloseable {

    private final Backend backend;
    private final List<Tensor> owned = new ArrayList<>();

    /** An empty set of tensors of {@code backend}. */
    public OwnedTensors(Backend backend) {
        this.backend = backend;
    }

    /** The backend the tensors belong to. */
    public Backend backend() {
        return backend;
    }

    /** A new zero-filled tensor, owned here. */
    public Tensor allocate(String name, DType dtype, long... shape) {
        Tensor t = backend.allocate(name, dtype, shape);
        owned.add(t);
        return t;
    }

    /** A new tensor holding {@code values} rounded once to {@code dtype}, owned here. */
    public Tensor upload(String name, DType dtype, double[] values, long... shape) {
        Tensor t = allocate(name, dtype, shape);
        t.copyFrom(values);
        return t;
    }

    /** Closes every tensor allocated here, newest first. */
    @Override
    public void close() {
        List<Tensor> newestFirst = owned.reversed();
        closeAll(List.copyOf(newestFirst));
        owned.clear();
    }

    /** Closes every resource even if some fail; the first failure is thrown with the others suppressed. */
    public static void closeAll(List<? extends AutoCloseable> resources) {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

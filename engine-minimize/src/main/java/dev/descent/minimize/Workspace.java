package dev.descent.minimize;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run owns: vectors allocated on the backend of the starting point, in its shape (and its
 * dtype unless told otherwise), and other resources handed over with {@link #own}; all released
 * together, the last acquired first, when the run ends.
 */
final class Workspace implements AutoCloseable {

    private final Tensor like;
    private final String prefix;
    private final List<AutoCloseable> owned = new ArrayList<>();

    Workspace(String method, Tensor like) {
        this.like = like;
        this.prefix = method + ".";
    }

    /** A new zero-filled vector shaped like the starting point, in its dtype. */
    Tensor vector(String name) {
        return vector(name, like.dtype());
    }

    /** A new zero-filled vector shaped like the starting point, in {@code dtype}. */
    Tensor vector(String name, DType dtype) {
        return own(like.backend().allocate(prefix + name, dtype, like.shape()));
    }

    /** Takes {@code resource} over: it is closed with the workspace. */
    <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        owned.clear();
        if (failure != null) {
            throw failure;
        }
    }
}

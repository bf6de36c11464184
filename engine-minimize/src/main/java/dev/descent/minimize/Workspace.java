package dev.descent.minimize;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The vectors of one run: allocated on the backend of the starting point, in its dtype and shape,
 * and all freed together when the run ends.
 */
final class Workspace implements AutoCloseable {

    private final Tensor like;
    private final String prefix;
    private final List<Tensor> owned = new ArrayList<>();

    Workspace(String method, Tensor like) {
        this.like = like;
        this.prefix = method + ".";
    }

    /** A new zero-filled vector shaped like the starting point. */
    Tensor vector(String name) {
        Tensor t = like.backend().allocate(prefix + name, like.dtype(), like.shape());
        owned.add(t);
        return t;
    }

    @Override
    public void close() {
        owned.forEach(Tensor::close);
        owned.clear();
    }
}

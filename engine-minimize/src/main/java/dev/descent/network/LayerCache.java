package dev.descent.network;

import dev.descent.tensor.Tensor;

/**
 * The {@link Layers} of the last few flat tensors an objective was handed, found by identity: a
 * training loop passes the same point and gradient at every step, so their views are made once. A
 * closed tensor's entry is never returned (its views count as closed) and is replaced in turn.
 */
final class LayerCache {

    private static final int ENTRIES = 8;

    private final NetworkSpec spec;
    private final Layers[] entries = new Layers[ENTRIES];
    private int next;

    LayerCache(NetworkSpec spec) {
        this.spec = spec;
    }

    /** The views of {@code flat}, made now unless it is one of the recent tensors. */
    Layers of(Tensor flat) {
        for (Layers e : entries) {
            if (e != null && e.flat() == flat && !flat.isClosed()) {
                return e;
            }
        }
        Layers made = Layers.of(spec, flat);
        entries[next] = made;
        next = (next + 1) % ENTRIES;
        return made;
    }

    /** Forgets every entry (their views own nothing, so there is nothing to free). */
    void clear() {
        java.util.Arrays.fill(entries, null);
    }
}

package dev.descent.optim;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Something beside an {@link Optimizer} whose scalar state a checkpoint must carry so that a resumed
 * run continues exactly: a metric-driven learning-rate scheduler's best value and counters, say
 * (torch's {@code scheduler.state_dict()}). A checkpoint stores {@link #checkpointState()} under
 * {@link #checkpointKey()} and gives it back to {@link #restoreCheckpointState} on load.
 */
public interface Checkpointable {

    /** A key unique among the things saved in one checkpoint, e.g. {@code "reduce_lr_on_plateau"}. */
    String checkpointKey();

    /** The state to save: names to finite or non-finite doubles (a "best" of +∞ before any metric). */
    Map<String, Double> checkpointState();

    /**
     * Puts back a state saved by {@link #checkpointState()}; throws {@link IllegalArgumentException}
     * naming a missing or unexpected entry, and then changes nothing.
     */
    void restoreCheckpointState(Map<String, Double> state);

    /**
     * Checks that {@code state} holds exactly the entries {@code expected}, for an implementation of
     * {@link #restoreCheckpointState}.
     *
     * @throws IllegalArgumentException naming {@code key}, the missing and the unexpected entries
     */
    static void requireEntries(String key, Map<String, Double> state, List<String> expected) {
        Objects.requireNonNull(state, "state");
        TreeSet<String> missing = new TreeSet<>(expected);
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        expected.forEach(unexpected::remove);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(key + ": checkpoint state " + (missing.isEmpty() ? "" : "lacks " + missing)
                    + (!missing.isEmpty() && !unexpected.isEmpty() ? " and " : "")
                    + (unexpected.isEmpty() ? "" : "has unexpected " + unexpected) + " (expected " + expected + ")");
        }
    }
}

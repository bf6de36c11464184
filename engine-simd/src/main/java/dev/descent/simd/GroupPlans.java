package dev.descent.simd;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link GroupPlan}s of the parameter groups the backend has stepped, found by the identity of the
 * group's list (an {@link dev.descent.optim.Optimizer} passes the same list every step) and reused only
 * while the list holds the very same records — as the CUDA backend keeps its uploaded tensor tables.
 * The {@value #CAPACITY} most recently used plans are kept. Thread-safe: one lock per lookup.
 */
final class GroupPlans {

    /** Plans kept at most. */
    static final int CAPACITY = 64;

    private final Backend backend;
    private final Map<Key, GroupPlan> plans = new LinkedHashMap<>(16, 0.75f, true);

    GroupPlans(Backend backend) {
        this.backend = backend;
    }

    /**
     * The plan of {@code group}, every tensor of it open: cached, or checked and made. Throws
     * {@link IllegalArgumentException} or {@link IllegalStateException} naming the tensor when one is
     * closed, foreign or unfit for a step.
     */
    GroupPlan of(List<ParameterSlots> group) {
        Key key = new Key(group);
        GroupPlan plan;
        synchronized (plans) {
            plan = plans.get(key);
        }
        if (plan != null && plan.holds(group)) {
            plan.requireOpen();
            return plan;
        }
        plan = GroupPlan.of(backend, group);
        synchronized (plans) {
            plans.put(key, plan);
            Iterator<GroupPlan> it = plans.values().iterator();
            while (plans.size() > CAPACITY && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        return plan;
    }

    /** The number of plans kept. */
    int size() {
        synchronized (plans) {
            return plans.size();
        }
    }

    /** A group's list by identity (a list's own equals would compare every record, every step). */
    private record Key(List<ParameterSlots> group) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.group == group;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(group);
        }
    }
}

package dev.descent.simd;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.cpu.CpuTensors;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A parameter group checked once and laid out for the fused step: its records, their sizes, the
 * {@link Chunks} of the pool and the flat list of its tensors. A training loop steps the same group
 * thousands of times; {@link GroupPlans} keeps its plan so that each step only checks that the
 * tensors are still open (one flag per tensor) instead of walking the records, their state maps and
 * their shapes again — for 10 000 tensors of 100 elements that walk cost more than the step.
 */
final class GroupPlan {

    private final ParameterSlots[] slots;
    private final CpuTensor[] tensors;
    private final Chunks chunks;
    private final long total;
    private final boolean shareable;
    private final boolean anyMaster;

    private GroupPlan(ParameterSlots[] slots, CpuTensor[] tensors, Chunks chunks, long total, boolean shareable,
            boolean anyMaster) {
        this.slots = slots;
        this.tensors = tensors;
        this.chunks = chunks;
        this.total = total;
        this.shareable = shareable;
        this.anyMaster = anyMaster;
    }

    /**
     * The plan of {@code group}: every tensor checked ({@link CpuTensors#requireSlots}: open, owned by
     * {@code backend}, shaped like its parameter, of the dtypes a step takes).
     */
    static GroupPlan of(Backend backend, List<ParameterSlots> group) {
        CpuTensors.requireSlots(backend, group);
        ParameterSlots[] slots = group.toArray(new ParameterSlots[0]);
        List<CpuTensor> tensors = new ArrayList<>();
        long[] sizes = new long[slots.length];
        long total = 0;
        boolean shareable = true;
        boolean anyMaster = false;
        for (int k = 0; k < slots.length; k++) {
            ParameterSlots s = slots[k];
            sizes[k] = s.size();
            total += sizes[k];
            anyMaster |= s.hasMaster();
            tensors.add((CpuTensor) s.param());
            tensors.add((CpuTensor) s.grad());
            for (Tensor t : s.state().values()) {
                tensors.add((CpuTensor) t);
            }
        }
        for (CpuTensor t : tensors) {
            shareable &= WorkerPool.isShareable(t.segment()); // fixed by the tensor's arena for its lifetime
        }
        return new GroupPlan(slots, tensors.toArray(new CpuTensor[0]), Chunks.of(sizes, Chunks.ELEMENTWISE_CHUNK), total,
                shareable, anyMaster);
    }

    /** Whether {@code group} holds exactly the records this plan was made from (records are immutable). */
    boolean holds(List<ParameterSlots> group) {
        return ParameterSlots.sameRecords(group, slots);
    }

    /** Throws {@link IllegalStateException} naming the first tensor of the group that has been closed. */
    void requireOpen() {
        for (CpuTensor t : tensors) {
            t.segment(); // throws naming the tensor once it is closed
        }
    }

    /** The group's records, in call order. */
    ParameterSlots[] slots() {
        return slots;
    }

    /** The elements of every tensor of the group together. */
    long total() {
        return total;
    }

    /** Whether the pool's threads may touch every tensor of the group (none is confined to a thread). */
    boolean shareable() {
        return shareable;
    }

    /** Whether some parameter is bfloat16 or float16, stepped through its float32 master. */
    boolean anyMaster() {
        return anyMaster;
    }

    /** The fixed partition of the group for the pool, in pieces of {@link Chunks#ELEMENTWISE_CHUNK}. */
    Chunks chunks() {
        return chunks;
    }
}

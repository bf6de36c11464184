package dev.descent.simd;

import dev.descent.backend.ParameterSlots;
import java.lang.foreign.MemorySegment;
import java.util.function.IntConsumer;

/**
 * Decides where a call of the backend runs: small calls on the calling thread, large ones as the
 * fixed chunks of {@link Chunks} on the {@link WorkerPool}. Work is dispatched once per chunk through
 * an interface, never per element, so the megamorphic call costs nothing next to the loop it starts.
 */
final class ChunkScheduler {

    /** Calls over fewer elements run on the calling thread: they are one task of {@link Chunks} anyway. */
    static final long PARALLEL_THRESHOLD = Chunks.CHUNK;

    private final WorkerPool pool;

    ChunkScheduler(int threads) {
        this.pool = new WorkerPool(threads);
    }

    /** Threads that run a large call, the caller included. */
    int threads() {
        return pool.threads();
    }

    /** An optimizer kernel over the elements {@code [from, to)} of one parameter's tensors. */
    @FunctionalInterface
    interface SlotKernel {
        void apply(ParameterSlots s, long from, long to);
    }

    /** An elementwise operation over the elements {@code [from, to)} of its tensors. */
    @FunctionalInterface
    interface RangeOp {
        void apply(long from, long to);
    }

    /** A reduction over the elements {@code [from, to)} of its tensors. */
    @FunctionalInterface
    interface BlockReduction {
        double apply(long from, long to);
    }

    /** A test of the elements {@code [from, to)} of one parameter's tensors. */
    @FunctionalInterface
    interface SlotTest {
        boolean test(ParameterSlots s, long from, long to);
    }

    /**
     * Runs {@code kernel} over every tensor of a parameter group, the fused multi-tensor step: whole
     * tensors on the calling thread for a small group, else the pieces of {@link Chunks}, packed across
     * tensors, on the pool.
     */
    void fused(GroupPlan plan, SlotKernel kernel) {
        ParameterSlots[] slots = plan.slots();
        if (!parallel(plan)) {
            for (ParameterSlots s : slots) {
                kernel.apply(s, 0, s.size());
            }
            return;
        }
        Chunks chunks = plan.chunks();
        pool.run(chunks.tasks(), task -> chunks.forEachPiece(task, (k, from, to) -> kernel.apply(slots[k], from, to)));
    }

    /**
     * Whether {@code test} holds for some piece of the group, scanning as {@link #fused} steps: in order
     * on the calling thread for a small group (stopping at the first hit), else every task on the pool.
     */
    boolean anyFused(GroupPlan plan, SlotTest test) {
        ParameterSlots[] slots = plan.slots();
        if (!parallel(plan)) {
            for (ParameterSlots s : slots) {
                if (test.test(s, 0, s.size())) {
                    return true;
                }
            }
            return false;
        }
        Chunks chunks = plan.chunks();
        boolean[] hit = new boolean[chunks.tasks()];
        pool.run(hit.length, task -> chunks.forEachPiece(task, (k, from, to) -> hit[task] |= test.test(slots[k], from, to)));
        for (boolean h : hit) {
            if (h) {
                return true;
            }
        }
        return false;
    }

    /** Whether a step of the group goes to the pool: from two of its pieces on. */
    private boolean parallel(GroupPlan plan) {
        return plan.total() > Chunks.ELEMENTWISE_CHUNK && pool.threads() > 1 && plan.shareable();
    }

    /** Runs {@code op} over {@code [0, n)}: at once on the calling thread if small, else chunk by chunk on the pool. */
    void chunked(long n, RangeOp op, MemorySegment... memory) {
        if (!parallel(n, memory)) {
            op.apply(0, n);
            return;
        }
        Chunks chunks = Chunks.of(new long[] {n});
        pool.run(chunks.tasks(), task -> chunks.forEachPiece(task, (k, from, to) -> op.apply(from, to)));
    }

    /**
     * The results of {@code reduction} over the fixed blocks of {@value Chunks#CHUNK} elements of
     * {@code [0, n)}, in block order: always the same blocks, on the pool when large.
     */
    double[] blockwise(long n, BlockReduction reduction, MemorySegment... memory) {
        Chunks blocks = Chunks.of(new long[] {n}); // one tensor: task b is the block [b·CHUNK, (b+1)·CHUNK)
        double[] partials = new double[blocks.tasks()];
        IntConsumer block = b -> blocks.forEachPiece(b, (k, from, to) -> partials[b] = reduction.apply(from, to));
        if (parallel(n, memory)) {
            pool.run(partials.length, block);
        } else {
            for (int b = 0; b < partials.length; b++) {
                block.accept(b);
            }
        }
        return partials;
    }

    /**
     * Runs {@code task.accept(t)} for every {@code t} in {@code [0, tasks)}, a call that touches
     * {@code elements} elements in all: on the pool when large, else in order on the calling thread.
     * For kernels whose work does not split into runs of elements (matrix tiles): the caller fixes the
     * tasks from the shapes alone, so the result does not depend on the thread count.
     */
    void tasks(int tasks, long elements, IntConsumer task, MemorySegment... memory) {
        if (parallel(elements, memory)) {
            pool.run(tasks, task);
        } else {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
        }
    }

    /** Whether a call over {@code n} elements of {@code memory} goes to the pool. */
    private boolean parallel(long n, MemorySegment... memory) {
        if (n < PARALLEL_THRESHOLD || pool.threads() == 1) {
            return false;
        }
        for (MemorySegment s : memory) {
            if (!WorkerPool.isShareable(s)) {
                return false;
            }
        }
        return true;
    }
}

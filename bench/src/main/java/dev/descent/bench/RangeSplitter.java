package dev.descent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a loop over {@code [0, n)} split into equal contiguous chunks, one per thread, on a small
 * fixed pool: the calling thread takes the first chunk and {@code threads - 1} pool threads the
 * others, and {@link #run} returns when all are done. This is the simplest way plain Java spreads
 * a loop over cores, and it is what the baselines use for their multi-threaded runs.
 */
final class RangeSplitter implements AutoCloseable {

    /** Chunk boundaries are multiples of this many floats (64 bytes), so no two threads share a cache line. */
    private static final long ALIGN_ELEMENTS = 16;

    /** The body of a loop over elements {@code [from, to)}. */
    @FunctionalInterface
    interface RangeTask {
        void run(long from, long to);
    }

    private final int threads;
    private final ExecutorService pool;

    RangeSplitter(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "bench-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} over {@code [0, n)} on all threads and waits for it. */
    void run(long n, RangeTask task) {
        if (pool == null) {
            task.run(0, n);
            return;
        }
        long chunk = (n / threads + ALIGN_ELEMENTS - 1) / ALIGN_ELEMENTS * ALIGN_ELEMENTS;
        List<Future<?>> others = new ArrayList<>(threads - 1);
        for (int k = 1; k < threads; k++) {
            long from = Math.min(n, k * chunk);
            long to = k == threads - 1 ? n : Math.min(n, (k + 1) * chunk);
            others.add(pool.submit(() -> task.run(from, to)));
        }
        task.run(0, Math.min(n, chunk));
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a worker failed", e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

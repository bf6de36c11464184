package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads that run the tasks {@code 0..n-1} of one call and return when all are done.
 * The calling thread works too, so a pool of {@code threads} keeps {@code threads - 1} daemon workers,
 * started on the first call that needs them. Tasks are taken in index order from a shared counter:
 * which thread runs a task varies from call to call, so tasks must not depend on it (the backend's
 * tasks are fixed chunks of memory, see {@link Chunks}).
 *
 * <p>Calls from several threads at once are fine: each call's caller keeps taking its own tasks, so a
 * call finishes even when every worker is busy with another.
 */
final class WorkerPool {

    /** Any thread but the caller: a segment it may touch is one the workers may touch. */
    private static final Thread ANOTHER_THREAD = Thread.ofPlatform().unstarted(() -> { });

    private final int threads;
    private volatile ExecutorService workers;

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        }
        this.threads = threads;
    }

    /** Threads that run a call's tasks, the caller included. */
    int threads() {
        return threads;
    }

    /**
     * Whether worker threads may access {@code segment}: not when it comes from a confined arena,
     * which only its owner thread may touch (a caller's {@code Arena.ofConfined()} behind a wrapped tensor).
     */
    static boolean isShareable(MemorySegment segment) {
        return segment.isAccessibleBy(ANOTHER_THREAD);
    }

    /**
     * Runs {@code task.accept(t)} once for every {@code t} in {@code [0, tasks)} and returns when all
     * have run. The first exception a task throws is rethrown here, after the other tasks have ended
     * (those not yet started are skipped).
     */
    void run(int tasks, IntConsumer task) {
        if (threads == 1 || tasks <= 1) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
            return;
        }
        Call call = new Call(tasks, task, Thread.currentThread());
        ExecutorService w = workers();
        for (int h = Math.min(threads - 1, tasks - 1); h > 0; h--) {
            w.execute(call::work);
        }
        call.work();
        call.awaitAll();
    }

    private ExecutorService workers() {
        ExecutorService w = workers;
        if (w == null) {
            synchronized (this) {
                w = workers;
                if (w == null) {
                    AtomicInteger number = new AtomicInteger();
                    w = Executors.newFixedThreadPool(threads - 1, r -> {
                        Thread t = new Thread(r, "descent-simd-" + number.incrementAndGet());
                        t.setDaemon(true); // an idle pool never keeps the JVM alive
                        return t;
                    });
                    workers = w;
                }
            }
        }
        return w;
    }

    /** The shared state of one {@link #run} call. */
    private static final class Call {
        private final int tasks;
        private final IntConsumer task;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger unfinished;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Call(int tasks, IntConsumer task, Thread caller) {
            this.tasks = tasks;
            this.task = task;
            this.caller = caller;
            this.unfinished = new AtomicInteger(tasks);
        }

        /** Takes tasks until none are left; a worker that starts late finds none and returns at once. */
        void work() {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        task.accept(t);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    // The decrement publishes the task's writes to the caller, which reads after seeing 0.
                    if (unfinished.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        void awaitAll() {
            while (unfinished.get() != 0) {
                LockSupport.park(this);
            }
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IllegalStateException("a SIMD task failed", e);
            }
        }
    }
}

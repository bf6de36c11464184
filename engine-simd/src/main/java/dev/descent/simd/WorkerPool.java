package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads that run the tasks {@code 0..n-1} of one call and return when all are done.
 * The calling thread works too, so a pool of {@code threads} keeps {@code threads - 1} daemon workers,
 * started on the first call that needs them; an idle thread spins up to {@value #SPIN_NANOS} ns for the
 * next call before it parks, so back-to-back calls do not pay a wake-up each. Tasks are taken in index order from a shared counter:
 * which thread runs a task varies from call to call, so tasks must not depend on it (the backend's
 * tasks are fixed chunks of memory, see {@link Chunks}).
 *
 * <p>Calls from several threads at once are fine: each call's caller keeps taking its own tasks, so a
 * call finishes even when every worker is busy with another.
 */
final class WorkerPool {

    /** Any thread but the caller: a segment it may touch is one the workers may touch. */
    private static final Thread ANOTHER_THREAD = Thread.ofPlatform().unstarted(() -> { });

    /** How long an idle thread spins for the next call before it parks: a few in-cache steps. */
    static final long SPIN_NANOS = 100_000;

    private final int threads;
    private final ConcurrentLinkedQueue<Call> queue = new ConcurrentLinkedQueue<>();
    private volatile Worker[] workers;

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
        Worker[] w = workers();
        for (int h = Math.min(threads - 1, tasks - 1); h > 0; h--) {
            queue.offer(call);
        }
        for (Worker worker : w) {
            worker.wake();
        }
        call.work();
        call.awaitAll();
    }

    private Worker[] workers() {
        Worker[] w = workers;
        if (w == null) {
            synchronized (this) {
                w = workers;
                if (w == null) {
                    w = new Worker[threads - 1];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = new Worker(queue, "descent-simd-" + (i + 1));
                    }
                    workers = w;
                }
            }
        }
        return w;
    }

    /**
     * Waits up to {@link #SPIN_NANOS} for {@code done}, spinning, and says whether it came: a thread
     * that parks at once pays the kernel's wake-up (5–50 µs here) on every call, more than a whole
     * in-cache step of 10⁵ elements takes; OpenMP's threads spin before they sleep for the same reason.
     */
    private static boolean spinUntil(BooleanSupplier done) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * A daemon thread that runs the calls queued for helpers: it spins a while for the next call after
     * each one (back-to-back steps find it awake), then parks until {@link #wake}.
     */
    private static final class Worker implements Runnable {
        private final ConcurrentLinkedQueue<Call> queue;
        private final Thread thread;
        private volatile boolean parked;

        Worker(ConcurrentLinkedQueue<Call> queue, String name) {
            this.queue = queue;
            this.thread = new Thread(this, name);
            thread.setDaemon(true); // an idle pool never keeps the JVM alive
            thread.start();
        }

        /** Unparks the worker if it sleeps; the caller has queued a call before. */
        void wake() {
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (true) {
                Call call = queue.poll();
                if (call == null && spinUntil(() -> !queue.isEmpty())) {
                    call = queue.poll();
                }
                if (call != null) {
                    call.work();
                    continue;
                }
                // Announce the park, then look once more: a call queued before the caller read the flag
                // is seen here, one queued after finds the flag set and unparks.
                parked = true;
                if (queue.isEmpty()) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
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
            spinUntil(() -> unfinished.get() == 0);
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

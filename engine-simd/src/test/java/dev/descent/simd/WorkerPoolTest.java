package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The pool runs each task exactly once, on several threads, and reports a task's failure to the caller. */
class WorkerPoolTest {

    @Test
    void everyTaskRunsExactlyOnceAcrossTheThreads() {
        WorkerPool pool = new WorkerPool(3);
        AtomicIntegerArray runs = new AtomicIntegerArray(500);
        var threads = ConcurrentHashMap.<Thread>newKeySet();
        pool.run(runs.length(), t -> {
            runs.incrementAndGet(t);
            threads.add(Thread.currentThread());
            busyWork();
        });
        for (int t = 0; t < runs.length(); t++) {
            assertEquals(1, runs.get(t), "task " + t);
        }
        assertTrue(threads.stream().filter(t -> t != Thread.currentThread()).allMatch(Thread::isDaemon),
                "workers are daemon threads");
    }

    @Test
    void aFailingTaskIsRethrownAndThePoolStaysUsable() {
        WorkerPool pool = new WorkerPool(2);
        IllegalStateException boom = new IllegalStateException("tensor 'w' is closed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run(100, t -> {
            if (t == 37) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        pool.run(10, runs::incrementAndGet);
        assertEquals(10, java.util.stream.IntStream.range(0, 10).map(runs::get).sum());
    }

    @Test
    void callsFromSeveralThreadsAtOnceAllFinish() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(4 * 200);
        Thread[] callers = new Thread[4];
        for (int c = 0; c < callers.length; c++) {
            int base = c * 200;
            callers[c] = Thread.ofPlatform().start(() -> pool.run(200, t -> {
                runs.incrementAndGet(base + t);
                busyWork();
            }));
        }
        for (Thread c : callers) {
            c.join(30_000);
            assertTrue(!c.isAlive(), "a caller is stuck");
        }
        for (int t = 0; t < runs.length(); t++) {
            assertEquals(1, runs.get(t), "task " + t);
        }
    }

    @Test
    void confinedMemoryIsNotShareable() {
        try (Arena confined = Arena.ofConfined(); Arena shared = Arena.ofShared()) {
            assertTrue(!WorkerPool.isShareable(confined.allocate(8)));
            assertTrue(WorkerPool.isShareable(shared.allocate(8)));
            assertTrue(WorkerPool.isShareable(Arena.global().allocate(8)));
        }
    }

    @Test
    void aWorkerThatHasParkedIsWokenForTheNextCall() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2);
        pool.run(10, t -> busyWork()); // starts the worker
        for (int call = 0; call < 3; call++) {
            Thread.sleep(20); // 200 times the spin: the worker has parked
            var threads = ConcurrentHashMap.<Thread>newKeySet();
            pool.run(400, t -> {
                threads.add(Thread.currentThread());
                long end = System.nanoTime() + 20_000; // 8 ms in all: far longer than a wake-up
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            });
            assertTrue(threads.size() == 2, "call " + (call + 1) + " after a pause ran on " + threads.size()
                    + " thread(s): the parked worker was not woken");
        }
    }

    private static void busyWork() {
        long x = 0;
        for (int i = 0; i < 10_000; i++) {
            x += i * (long) i;
        }
        if (x == 42) {
            throw new AssertionError();
        }
    }
}

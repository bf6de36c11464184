package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tensors and optimizers used from several threads, on the CPU backends, as the package
 * documentation of {@code dev.descent.optim} says they may be: a tensor or optimizer closed by one
 * thread and then used by another throws {@link IllegalStateException} naming it; two threads
 * stepping one optimizer under the caller's lock give exactly the sequential run; and a tensor closed
 * while another thread's steps run ends those steps with an {@link IllegalStateException} — never
 * another exception, a hang, a crash or a read of freed memory (the CPU tensors' memory is an FFM
 * shared arena, whose close makes every later or concurrent access fail).
 */
class ConcurrentUseTest {
    /** Large enough that a SIMD step is split among its threads and takes a while. */
    private static final int N = 1 << 20;

    private static float[] ramp(float scale) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = scale * ((i % 101) - 50);
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void useAfterCloseByAnotherThreadNamesTheClosedObject(String name) throws InterruptedException {
        Backend backend = BackendsUnderTest.require(name);
        Tensor w = backend.fromArray("w", ramp(1));
        Tensor g = backend.fromArray("g", ramp(0.01f));
        Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, g));
        opt.step();
        run(opt::close);
        IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
        assertEquals("optimizer is closed", e.getMessage());
        run(g::close);
        e = assertThrows(IllegalStateException.class, () -> g.copyFrom(ramp(1)));
        assertEquals("tensor 'g' is closed", e.getMessage());
        try (Optimizer again = Optimizer.of(backend, Adam.defaults(), new Parameter(w, backend.fromArray("g2", ramp(1))))) {
            run(w::close);
            e = assertThrows(IllegalStateException.class, again::step);
            assertEquals("tensor 'w' is closed", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void twoThreadsSteppingOneOptimizerUnderALockGiveTheSequentialRun(String name) throws InterruptedException {
        Backend backend = BackendsUnderTest.require(name);
        int steps = 20;
        float[] sequential;
        try (Tensor w = backend.fromArray("w", ramp(1)); Tensor g = backend.fromArray("g", ramp(0.01f));
                Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, g))) {
            for (int t = 0; t < 2 * steps; t++) {
                opt.step();
            }
            sequential = w.toFloatArray();
        }
        try (Tensor w = backend.fromArray("w", ramp(1)); Tensor g = backend.fromArray("g", ramp(0.01f));
                Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, g))) {
            Runnable stepper = () -> {
                for (int t = 0; t < steps; t++) {
                    synchronized (opt) {
                        opt.step();
                    }
                }
            };
            List<Throwable> failures = concurrently(stepper, stepper);
            assertEquals(List.of(), failures);
            assertEquals(2 * steps, opt.stepCount());
            // The gradient is constant, so the order of the steps cannot matter: bit for bit.
            assertArrayEquals(sequential, w.toFloatArray());
        }
    }

    /**
     * Without the lock the steps race (the package documentation leaves their values unspecified), but
     * they end, throw nothing, and leave finite numbers behind: a race on the state, not on memory.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void twoThreadsSteppingOneOptimizerWithoutALockStayMemorySafe(String name) throws InterruptedException {
        Backend backend = BackendsUnderTest.require(name);
        try (Tensor w = backend.fromArray("w", ramp(1)); Tensor g = backend.fromArray("g", ramp(0.01f));
                Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, g))) {
            Runnable stepper = () -> {
                for (int t = 0; t < 20; t++) {
                    opt.step();
                }
            };
            assertEquals(List.of(), concurrently(stepper, stepper));
            for (float v : w.toFloatArray()) {
                assertTrue(Float.isFinite(v), "a parameter became " + v);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void aTensorClosedWhileStepsRunEndsThemWithIllegalState(String name) throws InterruptedException {
        Backend backend = BackendsUnderTest.require(name);
        for (int trial = 0; trial < 10; trial++) {
            Tensor w = backend.fromArray("w", ramp(1));
            Tensor g = backend.fromArray("g", ramp(0.01f));
            Tensor victim = trial % 2 == 0 ? g : w;
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> ended = new AtomicReference<>();
            try (Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, g))) {
                Thread stepper = Thread.ofPlatform().start(() -> {
                    try {
                        for (int t = 0; t < 100_000; t++) {
                            opt.step();
                            started.countDown();
                        }
                        ended.set(new AssertionError("the steps never noticed the closed tensor"));
                    } catch (Throwable e) {
                        ended.set(e);
                    }
                });
                started.await();
                Thread.sleep(trial); // lands anywhere in a step: its checks, its kernels
                victim.close();
                stepper.join(60_000);
                assertTrue(!stepper.isAlive(), "the steps hang after '" + victim.name() + "' was closed");
                Throwable e = ended.get();
                assertTrue(e instanceof IllegalStateException, "trial " + trial + ": " + e);
                assertTrue(e.getMessage().equals("tensor '" + victim.name() + "' is closed")
                        || e.getMessage().equals("Already closed"), "trial " + trial + ": " + e.getMessage());
            } finally {
                w.close();
                g.close();
            }
        }
    }

    /** Runs {@code action} in another thread and waits for it. */
    private static void run(Runnable action) throws InterruptedException {
        List<Throwable> failures = concurrently(action);
        assertEquals(List.of(), failures);
    }

    /** Runs every action in a thread of its own, all at once; the exceptions they threw. */
    private static List<Throwable> concurrently(Runnable... actions) throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Runnable a : actions) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    a.run();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return failures;
    }
}

package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.HostMemory;
import dev.descent.objective.Objective;
import dev.descent.objective.Problems;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A long run without leaks, on each CPU backend: rounds of {@value #STEPS_PER_ROUND} optimizer steps,
 * each round creating and closing its objectives (a logistic regression with data, which copies the
 * data onto the backend, and a quadratic), tensors and optimizers (SGD with momentum and Adam).
 * After every round {@link HostMemory}'s counters must be back where they started — every tensor
 * allocated was freed, to the byte. At ten samples, each after a {@code System.gc()} (the reference
 * backend's closed tensors are heap garbage until collected), the heap in use must not grow by more
 * than {@value #HEAP_SLACK_MIB} MiB and the process' resident memory (VmRSS) by more than
 * {@value #RSS_SLACK_MIB} MiB from the first sample after warm-up to the last (the JIT, the
 * allocator's arenas and GC heap sizing move them by a few MiB; a leaked round would add its ~3 MiB
 * of tensors every round). CI runs {@value #CI_STEPS} steps per backend;
 * scripts/soak.sh runs 10^5 ({@code -Ddescent.soak.steps}) and prints the samples.
 */
class SoakTest {
    private static final int CI_STEPS = 2_000;
    private static final int STEPS_PER_ROUND = 100;
    private static final long RSS_SLACK_MIB = 48;
    private static final long HEAP_SLACK_MIB = 16;
    /** Variables of the problems: large enough that a leaked round is visible in RSS (~2 MB of state). */
    private static final int N = 1 << 16;

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void stepsInALoopOfCreatedAndClosedObjectsLeaveMemoryFlat(String name) throws IOException {
        Backend backend = BackendsUnderTest.require(name);
        long steps = Long.getLong("descent.soak.steps", CI_STEPS);
        long rounds = Math.max(4, steps / STEPS_PER_ROUND);
        long sampleEvery = Math.max(1, rounds / 10);
        HostMemory.Counts start = HostMemory.counts();
        long firstRss = -1;
        long lastRss = -1;
        long firstHeap = -1;
        long lastHeap = -1;
        long started = System.nanoTime();
        System.out.printf("soak %s: %d rounds of %d steps%n%10s %12s %12s %12s %12s %10s%n", name, rounds,
                STEPS_PER_ROUND, "step", "allocations", "live bytes", "heap MiB", "RSS MiB", "seconds");
        for (long r = 0; r < rounds; r++) {
            round(backend, r);
            HostMemory.Counts now = HostMemory.counts();
            assertEquals(start.liveTensors(), now.liveTensors(), "round " + r + ": tensors left open");
            assertEquals(start.offHeapBytes(), now.offHeapBytes(), "round " + r + ": off-heap bytes left");
            assertEquals(start.heapBytes(), now.heapBytes(), "round " + r + ": heap tensor bytes left");
            if (r % sampleEvery == 0 || r == rounds - 1) {
                System.gc(); // the reference backend's closed tensors are heap garbage until collected
                long rss = rssBytes();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                if (r >= sampleEvery && firstRss < 0) {
                    firstRss = rss; // after a warm-up of one sample interval
                    firstHeap = heap;
                }
                lastRss = rss;
                lastHeap = heap;
                System.out.printf("%10d %12d %12d %12.1f %12.1f %10.1f%n", (r + 1) * STEPS_PER_ROUND,
                        now.allocations() - start.allocations(), now.offHeapBytes() + now.heapBytes(),
                        heap / 1048576.0, rss / 1048576.0, (System.nanoTime() - started) / 1e9);
            }
        }
        assertTrue(HostMemory.counts().allocations() - start.allocations() >= 4 * rounds, "the rounds allocated");
        assertTrue(lastHeap - firstHeap < HEAP_SLACK_MIB << 20, "the heap in use after a GC grew from "
                + (firstHeap >> 20) + " MiB to " + (lastHeap >> 20) + " MiB");
        if (firstRss > 0) {
            assertTrue(lastRss - firstRss < RSS_SLACK_MIB << 20, "RSS grew from " + (firstRss >> 20) + " MiB to "
                    + (lastRss >> 20) + " MiB");
        }
    }

    /** One round: objectives, tensors and two optimizers made, stepped and closed. */
    private static void round(Backend backend, long r) {
        try (Objective logistic = Problems.create("logistic", 0, Map.of("rows", "256", "seed", Long.toString(r)));
                Objective quadratic = Problems.create("quadratic", N, Map.of());
                Tensor x = logistic.startingPoint(backend, DType.FLOAT32);
                Tensor gx = backend.allocate("gx", DType.FLOAT32, x.shape());
                Tensor y = quadratic.startingPoint(backend, DType.FLOAT32);
                Tensor gy = backend.allocate("gy", DType.FLOAT32, y.shape());
                Optimizer sgd = Optimizer.of(backend, OptimizerSpecs.fromHyper("sgd", Map.of("lr", 1e-3,
                        "momentum", 0.9)), new Parameter(x, gx));
                Optimizer adam = Optimizer.of(backend, Adam.defaults(), new Parameter(y, gy))) {
            for (int t = 0; t < STEPS_PER_ROUND / 2; t++) {
                logistic.valueAndGradient(x, gx);
                sgd.step();
                quadratic.valueAndGradient(y, gy);
                adam.step();
            }
        }
    }

    /** The resident set of this process (Linux /proc/self/status), or -1 elsewhere. */
    private static long rssBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

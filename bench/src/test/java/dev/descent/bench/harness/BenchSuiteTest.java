package dev.descent.bench.harness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tiny real run: what rows and bandwidths a plan produces and how they relate. The timing plan is
 * the shortest there is, and nothing here compares a time with a number.
 */
class BenchSuiteTest {

    private static final TimingPlan QUICK = new TimingPlan(0, 3, 100_000);

    @Test
    void oneRowPerOptimizerLayoutAndTargetWithTheirBandwidth() {
        BenchPlan plan = new BenchPlan(List.of("sgd-momentum", "adam"), List.of("reference", "simd"), List.of(64, 4096),
                List.of(1, 2), 8, StepMode.STEP, QUICK);
        BenchSuite suite = BenchSuite.prepare(plan);
        assertEquals(List.of("reference", "simd ×1", "simd ×2"), suite.targets().stream().map(BenchTarget::label).toList());
        List<String> progress = new ArrayList<>();
        BenchResults results = suite.run((done, total, next) -> progress.add(done + "/" + total + " " + next));

        // Layouts 64, 4096, 8×512 fused and per-tensor: 4; three targets; two optimizers.
        assertEquals(2 * 4 * 3, results.rows().size());
        // Bandwidth per thread count (1, 2) and total size (64, 4096).
        assertEquals(2 * 2, results.bandwidths().size());
        assertEquals(suite.tasks() + 1, progress.size(), "one call per task and one at the end");
        assertEquals(suite.tasks() + "/" + suite.tasks() + " done", progress.getLast());
        for (BenchRow r : results.rows()) {
            assertAll(r.toString(),
                    () -> assertEquals(r.bandwidth().threads(), r.threads()),
                    () -> assertEquals(r.n(), r.bandwidth().n()),
                    () -> assertEquals(BenchTarget.CPU_MEMORY, r.bandwidth().memory()),
                    () -> assertTrue(r.elementsPerSecond() > 0),
                    // Derived figures follow from the median exactly (up to rounding: 1e-12 relative).
                    () -> assertEquals(r.elementsPerSecond() * r.bytesPerElement() / 1e9, r.gbPerSecond(),
                            1e-12 * r.gbPerSecond()),
                    () -> assertEquals(r.gbPerSecond() / r.bandwidth().ceilingGbs(), r.rooflineFraction(),
                            1e-12 * r.rooflineFraction()),
                    () -> assertTrue(r.slowestElementsPerSecond() <= r.elementsPerSecond()
                            && r.elementsPerSecond() <= r.fastestElementsPerSecond()),
                    () -> assertEquals(3, r.time().runs()));
            if (r.backend().equals("reference")) {
                assertEquals(1.0, r.speedupOverReference(), 0, "the reference against itself");
            }
        }
        assertEquals(28, results.rows().stream().filter(r -> r.optimizer().equals("adam")).findFirst().orElseThrow()
                .bytesPerElement());
    }

    @Test
    void kernelModeRunsTheSameCases() {
        BenchPlan plan = new BenchPlan(List.of("nadam"), List.of("simd"), List.of(1000), List.of(1), 10,
                StepMode.KERNEL, QUICK);
        BenchResults results = BenchSuite.prepare(plan).run(ProgressListener.NONE);
        assertEquals(3, results.rows().size());
        assertTrue(results.rows().stream().allMatch(r -> r.mode() == StepMode.KERNEL));
        assertTrue(results.rows().stream().allMatch(r -> Double.isNaN(r.speedupOverReference())),
                "no reference row, no speed-up");
    }
}

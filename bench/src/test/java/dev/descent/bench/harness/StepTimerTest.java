package dev.descent.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The timer's rules, on a fake clock that advances a fixed amount per step, so that what it measures
 * is known exactly and no assertion depends on this machine's speed.
 */
class StepTimerTest {

    /** A clock that only moves when a step or a sync runs. */
    private static final class FakeWork {
        final AtomicLong now = new AtomicLong();
        long steps;
        long syncs;
        final long stepNs;
        final long syncNs;

        FakeWork(long stepNs, long syncNs) {
            this.stepNs = stepNs;
            this.syncNs = syncNs;
        }

        void step() {
            steps++;
            now.addAndGet(stepNs);
        }

        void sync() {
            syncs++;
            now.addAndGet(syncNs);
        }
    }

    @Test
    void warmsUpThenTimesEachRunLongEnough() {
        FakeWork w = new FakeWork(1_000, 0);
        TimingPlan plan = new TimingPlan(200_000, 5, 50_000);
        Measurement m = new StepTimer(w.now::get).measure(plan, w::step, w::sync);
        assertEquals(1_000, m.medianNs(), "every step takes 1000 ns on the fake clock");
        assertEquals(1_000, m.minNs());
        assertEquals(1_000, m.maxNs());
        assertEquals(5, m.runs());
        assertEquals(50, m.stepsPerRun(), "50 µs runs of 1 µs steps");
        long warmup = w.steps - 5 * 50;
        assertTrue(warmup >= 200, "the warm-up lasts at least 200 µs: " + warmup + " steps");
        // Batches of 1, 2, 4, 8, 16 steps, then slices of 25 (an eighth of 200 µs): 206 steps, steady throughout.
        assertTrue(warmup <= 200 + 25, "a steady warm-up ends within a slice of its minimum: " + warmup + " steps");
    }

    @Test
    void aWarmUpThatNeverSettlesEndsAtFiveTimesItsTime() {
        // Every other batch runs at half the speed: never three batches within 5% of each other.
        AtomicLong now = new AtomicLong();
        long[] syncs = {0};
        Runnable step = () -> now.addAndGet(syncs[0] % 2 == 0 ? 1_000 : 2_000);
        Runnable sync = () -> syncs[0]++;
        new StepTimer(now::get).measure(new TimingPlan(100_000, 1, 1), step, sync);
        long warmupCap = StepTimer.MAX_WARMUP_FACTOR * 100_000L;
        assertTrue(now.get() >= warmupCap, "ran to the cap: " + now.get() + " ns");
        // One slice (12.5 µs of the slower steps) may overshoot the cap, plus the single one-step run.
        assertTrue(now.get() <= warmupCap + 2 * 12_500 + 2_000, "and stopped there: " + now.get() + " ns");
    }

    @Test
    void runGoesOnForTheTimeAskedAndSyncsOnce() {
        FakeWork w = new FakeWork(1_000, 0);
        new StepTimer(w.now::get).run(50_000, w::step, w::sync);
        assertEquals(50, w.steps, "50 µs of 1 µs steps");
        assertEquals(1, w.syncs);
    }

    @Test
    void eachRunEndsWithASyncThatIsTimed() {
        // A backend that queues its steps: the time shows up in the sync. Runs of 10 steps each
        // (10 µs of 1 µs steps) pay one 5 µs sync: 1.5 µs per step.
        FakeWork w = new FakeWork(1_000, 5_000);
        Measurement m = new StepTimer(w.now::get).measure(new TimingPlan(0, 3, 10_000), w::step, w::sync);
        assertTrue(m.stepsPerRun() >= 2, "the run length comes from the warm-up's time per step, sync included");
        assertEquals(1_000 + 5_000.0 / m.stepsPerRun(), m.medianNs(), 1e-9);
        assertTrue(w.syncs >= 3 + 1, "one sync before the warm-up's first batch and one after each run");
    }

    @Test
    void aZeroWarmUpStillRunsTheMinimumSteps() {
        FakeWork w = new FakeWork(10_000_000, 0); // 10 ms steps, a 1 ms run: one step per run
        Measurement m = new StepTimer(w.now::get).measure(new TimingPlan(0, 3, 1_000_000), w::step, w::sync);
        assertEquals(1, m.stepsPerRun());
        assertEquals(StepTimer.MIN_WARMUP_STEPS + 3, w.steps);
    }
}

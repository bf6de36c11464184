package dev.descent.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The layouts a plan runs, and the plans it refuses. */
class BenchPlanTest {

    private static BenchPlan plan(List<Integer> sizes, int split) {
        return new BenchPlan(List.of("adam"), List.of("reference"), sizes, List.of(1), split, StepMode.STEP,
                TimingPlan.defaults());
    }

    @Test
    void singleTensorsSmallestFirstThenTheSplitFusedAndPerTensor() {
        List<Layout> layouts = plan(List.of(10_000_000, 10_000, 1_000_000, 10_000), 1000).layouts();
        assertEquals(List.of(Layout.single(10_000), Layout.single(1_000_000), Layout.single(10_000_000),
                new Layout(1000, 10_000, true), new Layout(1000, 10_000, false)), layouts);
        assertEquals(List.of("1e4", "1e6", "1e7", "1000×1e4", "1000×1e4 per-tensor"),
                layouts.stream().map(Layout::label).toList());
        assertEquals(10_000_000, layouts.get(3).total());
    }

    @Test
    void aSplitOfOneOrZeroAddsNothing() {
        assertEquals(1, plan(List.of(1000), 1).layouts().size());
        assertEquals(1, plan(List.of(1000), 0).layouts().size());
    }

    @Test
    void refusesUnknownOptimizersAndImpossibleSplits() {
        assertThrows(IllegalArgumentException.class, () -> new BenchPlan(List.of("adamm"), List.of("reference"),
                List.of(10), List.of(1), 0, StepMode.STEP, TimingPlan.defaults()));
        assertThrows(IllegalArgumentException.class, () -> plan(List.of(100), 101));
        assertThrows(IllegalArgumentException.class, () -> plan(List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> new Layout(1, 10, false), "one tensor is one group");
        assertThrows(IllegalArgumentException.class, () -> new Layout(0, 10, true));
    }
}

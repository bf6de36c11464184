package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The reductions' grid depends on the element count only, and the rounding bound follows from it. */
class ReductionPlanTest {

    @Test
    void blocksGrowWithTheCountUpToTheCap() {
        assertEquals(1, ReductionPlan.blocks(1));
        assertEquals(1, ReductionPlan.blocks(4096));
        assertEquals(2, ReductionPlan.blocks(4097));
        assertEquals(245, ReductionPlan.blocks(1_000_000));
        assertEquals(1024, ReductionPlan.blocks(100_000_000));
        assertEquals(1024, ReductionPlan.blocks(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> ReductionPlan.blocks(0));
    }

    @Test
    void roundingDepthCountsThreadTreeAndPassTwo() {
        // one element: one term in its thread, 8 tree levels, one partial, 8 levels
        assertEquals(1 + 8 + 1 + 8, ReductionPlan.roundingDepth(1, false, 4));
        // 1e8 float32, vectorized: 262 144 threads, ceil(25e6 / 262144) = 96 float4 = 384 terms, + 1 tail
        assertEquals(385 + 8 + 4 + 8, ReductionPlan.roundingDepth(100_000_000, true, 4));
        assertTrue(ReductionPlan.roundingDepth(100_000_000, false, 4) < 400 + 20);
    }

    @Test
    void dotBoundIsTheSumOfBothSidesGammas() {
        double u = 0x1p-53;
        double b = ReductionPlan.dotBound(1000, true, 4, false, 1.0);
        long depth = ReductionPlan.roundingDepth(1000, true, 4);
        assertEquals((depth + 1000) * u, b, 1e-6 * b);
        assertTrue(ReductionPlan.dotBound(1000, true, 2, true, 1.0) > ReductionPlan.dotBound(1000, true, 2, false, 1.0));
        assertEquals(0.0, ReductionPlan.dotBound(1000, true, 4, false, 0.0));
    }
}

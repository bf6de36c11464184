package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A group's plan is made once and reused while its list holds the same records; a tensor closed after
 * that is still caught, a record replaced in the list gets a new plan, and the cache stays bounded.
 */
class GroupPlansTest {

    private static final SgdCoefficients SGD = new SgdCoefficients(0.5f, 0f, 1f, 0f, false, false, true);

    private final SimdBackend simd = new SimdBackend(2);
    private final List<Tensor> owned = new ArrayList<>();

    @AfterEach
    void close() {
        owned.forEach(Tensor::close);
    }

    private ParameterSlots slots(String name, float value) {
        Tensor p = simd.fromArray(name, new float[] {value, value});
        Tensor g = simd.fromArray("grad of " + name, new float[] {1, 1});
        owned.add(p);
        owned.add(g);
        return new ParameterSlots(p, g, Map.of());
    }

    @Test
    void theSameListGetsTheSamePlanAndAReplacedRecordANewOne() {
        GroupPlans plans = new GroupPlans(simd);
        List<ParameterSlots> group = new ArrayList<>(List.of(slots("a", 1), slots("b", 2)));
        GroupPlan first = plans.of(group);
        assertSame(first, plans.of(group));
        assertEquals(1, plans.size());
        group.set(1, slots("c", 3));
        GroupPlan second = plans.of(group);
        assertNotSame(first, second);
        assertSame(group.get(1), second.slots()[1]);
        assertEquals(4, second.total(), "two tensors of two elements");
    }

    @Test
    void aTensorClosedAfterThePlanWasMadeIsStillCaught() {
        List<ParameterSlots> group = List.of(slots("a", 1), slots("b", 2));
        simd.optimizerKernels().step(SGD, group);
        group.get(1).grad().close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> simd.optimizerKernels().step(SGD, group));
        assertTrue(e.getMessage().contains("grad of b"), e.getMessage());
        assertArrayEquals(new float[] {1.5f, 1.5f}, group.get(1).param().toFloatArray(), 0f,
                "only the first step was applied: p = 2 - 0.5·1");
    }

    @Test
    void theCacheKeepsAtMostItsCapacity() {
        GroupPlans plans = new GroupPlans(simd);
        ParameterSlots s = slots("a", 1);
        for (int k = 0; k < GroupPlans.CAPACITY + 10; k++) {
            plans.of(new ArrayList<>(List.of(s)));
        }
        assertEquals(GroupPlans.CAPACITY, plans.size());
    }
}

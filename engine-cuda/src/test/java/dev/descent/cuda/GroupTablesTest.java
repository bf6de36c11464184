package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fused step uploads its group's table once: later steps of the same group are one launch and no
 * allocation; a changed group gets a new table; at most {@link GroupTables#CAPACITY} are kept.
 */
class GroupTablesTest {

    private static final SgdCoefficients SGD = new SgdCoefficients(0.1f, 0.9f, 1f, 0f, false, false, false);

    private EmulatedDevice device;
    private CudaBackend cuda;

    @BeforeEach
    void start() {
        device = EmulatedDevice.start().orElse(null);
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        cuda = new CudaBackend(device);
    }

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    @Test
    void aTrainingLoopIsOneLaunchPerStepAfterTheFirst() {
        List<Tensor> owned = new ArrayList<>();
        List<Parameter> params = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            Tensor p = cuda.fromArray("p" + k, new float[100 + k]);
            Tensor g = cuda.allocate("g" + k, DType.FLOAT32, 100 + k);
            owned.add(p);
            owned.add(g);
            params.add(new Parameter(p, g));
        }
        try (Optimizer opt = Optimizer.of(cuda, Sgd.defaults().withMomentum(0.9), params.toArray(new Parameter[0]))) {
            opt.step();
            int allocations = device.liveAllocations();
            int launches = device.launches();
            opt.step();
            // The finiteness check is the group's max-norm: a reduction and its fold, two launches for all
            // 20 gradients; then one launch steps the whole group.
            assertEquals(launches + 2 + 1, device.launches());
            assertEquals(allocations, device.liveAllocations(), "no new table");
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    @Test
    void aNewListOfTheSameRecordsReusesTheTableAndAChangedOneDoesNot() {
        try (Tensor p = cuda.fromArray("p", new float[] {1, 2}); Tensor g = cuda.fromArray("g", new float[] {1, 1});
                Tensor b = cuda.allocate("b", DType.FLOAT32, 2); Tensor q = cuda.fromArray("q", new float[] {3});
                Tensor h = cuda.fromArray("h", new float[] {1}); Tensor c = cuda.allocate("c", DType.FLOAT32, 1)) {
            ParameterSlots first = new ParameterSlots(p, g, Map.of("momentum_buffer", b));
            ParameterSlots second = new ParameterSlots(q, h, Map.of("momentum_buffer", c));
            cuda.optimizerKernels().step(SGD, List.of(first));
            int allocations = device.liveAllocations();
            cuda.optimizerKernels().step(SGD, new ArrayList<>(List.of(first)));
            assertEquals(allocations, device.liveAllocations(), "same records, same table");
            List<ParameterSlots> mutable = new ArrayList<>(List.of(first));
            cuda.optimizerKernels().step(SGD, mutable);
            mutable.add(second); // the list under that key changed: its table is replaced
            cuda.optimizerKernels().step(SGD, mutable);
            assertEquals(allocations, device.liveAllocations(), "the outdated table freed, the new one allocated");
            assertEquals(1, cuda.cachedTables());
            cuda.optimizerKernels().step(SGD, List.of(first));
            assertEquals(allocations + 1, device.liveAllocations());
            assertEquals(2, cuda.cachedTables());
        }
    }

    @Test
    void atMostCapacityTablesAreKeptAndEvictedOnesAreFreed() {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            int before = device.liveAllocations();
            for (int k = 0; k < GroupTables.CAPACITY + 5; k++) {
                Tensor p = cuda.fromArray("p" + k, new float[] {1});
                Tensor g = cuda.fromArray("g" + k, new float[] {1});
                Tensor b = cuda.allocate("b" + k, DType.FLOAT32, 1);
                owned.add(p);
                owned.add(g);
                owned.add(b);
                cuda.optimizerKernels().step(SGD, List.of(new ParameterSlots(p, g, Map.of("momentum_buffer", b))));
            }
            assertEquals(GroupTables.CAPACITY, cuda.cachedTables());
            assertEquals(before + 3 * (GroupTables.CAPACITY + 5) + GroupTables.CAPACITY, device.liveAllocations());
        } finally {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void aMissingStateIsNamed() {
        try (Tensor p = cuda.fromArray("w", new float[] {1}); Tensor g = cuda.fromArray("dw", new float[] {1})) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> cuda.optimizerKernels().step(SGD, List.of(new ParameterSlots(p, g, Map.of()))));
            assertTrue(e.getMessage().contains("momentum_buffer") && e.getMessage().contains("'w'"), e.getMessage());
        }
    }
}

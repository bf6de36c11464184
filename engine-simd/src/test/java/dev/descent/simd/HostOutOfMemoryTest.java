package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.HostMemory;
import dev.descent.backend.HostOutOfMemoryException;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Allocations beyond what the machine has: a SIMD tensor of 2^40 floats (4 TiB, more than any machine
 * these tests run on), a reference tensor larger than the Java heap (the tests run with -Xmx2g) or
 * than a Java array, and an optimizer whose state would need 2^42 bytes. Each is one exception naming
 * the tensor and the bytes; nothing stays allocated ({@link HostMemory}'s counters are back where
 * they were), and the backend and an optimizer already running on it keep working.
 */
class HostOutOfMemoryTest {
    private static final long HUGE = 1L << 40;
    private static final SimdBackend SIMD = new SimdBackend(2);

    @Test
    void aSimdTensorOfTwoToTheFortyFloatsIsRefusedNamingItsSize() {
        HostMemory.Counts before = HostMemory.counts();
        HostOutOfMemoryException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
                HostOutOfMemoryException.class, () -> SIMD.allocate("embedding", DType.FLOAT32, HUGE)));
        assertTrue(e.getMessage().startsWith("out of host memory: tensor 'embedding' [" + HUGE + "] float32 needs "
                + 4 * HUGE + " bytes (4096.0 GiB) off-heap, but "), e.getMessage());
        assertEquals(4 * HUGE, e.requestedBytes());
        assertEquals(before, HostMemory.counts(), "nothing allocated");
        stillWorks(SIMD);
    }

    @Test
    void anOptimizerWhoseStateDoesNotFitFreesWhatItAllocatedAndOthersKeepStepping() {
        Tensor w = SIMD.fromArray("w", new float[] {1, 2, 3, 4});
        Tensor g = SIMD.fromArray("g", new float[] {0.5f, -0.5f, 0.25f, 0});
        try (Optimizer running = Optimizer.of(SIMD, Adam.defaults(), new Parameter(w, g))) {
            running.step();
            HostMemory.Counts before = HostMemory.counts();
            // A parameter of 2^40 floats that is never touched: its Adam state would need 2 × 4 TiB.
            MemorySegment nowhere = MemorySegment.NULL.reinterpret(4 * HUGE);
            Tensor big = SIMD.wrap("big", nowhere, DType.FLOAT32, HUGE);
            Tensor bigGrad = SIMD.wrap("big.grad", nowhere, DType.FLOAT32, HUGE);
            // The first parameter's state (2 tensors) is allocated before the second's fails: it must be freed.
            HostOutOfMemoryException e = assertThrows(HostOutOfMemoryException.class, () -> Optimizer.of(SIMD,
                    Adam.defaults(), new Parameter(w, g), new Parameter(big, bigGrad)));
            assertTrue(e.getMessage().startsWith("out of host memory: tensor 'big.exp_avg' [" + HUGE + "] float32"),
                    e.getMessage());
            HostMemory.Counts after = HostMemory.counts();
            assertEquals(before.allocations() + 2, after.allocations(), "w's exp_avg and exp_avg_sq were allocated");
            assertEquals(before.liveTensors(), after.liveTensors(), "and freed when big's failed");
            assertEquals(before.offHeapBytes(), after.offHeapBytes());
            running.step(); // the optimizer already running is untouched
            assertEquals(2, running.stepCount());
        } finally {
            w.close();
            g.close();
        }
        stillWorks(SIMD);
    }

    @Test
    void aHeapTensorLargerThanTheHeapOrAnArrayIsRefusedNamingItsSize() {
        Backend reference = new ReferenceBackend();
        HostMemory.Counts before = HostMemory.counts();
        long max = Runtime.getRuntime().maxMemory();
        long floats = Math.min(Integer.MAX_VALUE - 8, max / Float.BYTES + 1024); // more bytes than the whole heap
        HostOutOfMemoryException e = assertThrows(HostOutOfMemoryException.class,
                () -> reference.allocate("activations", DType.FLOAT32, floats));
        assertTrue(e.getMessage().startsWith("out of host memory: tensor 'activations' [" + floats + "] float32 needs "
                + 4 * floats + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("on the Java heap, but the heap is full (-Xmx " + max + " bytes"),
                e.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> reference.allocate("embedding", DType.FLOAT32, HUGE));
        assertEquals("tensor 'embedding' [" + HUGE + "] float32 has " + HUGE + " elements; the reference backend keeps"
                + " a tensor in one Java array, at most " + (Integer.MAX_VALUE - 8), a.getMessage());
        assertEquals(before, HostMemory.counts(), "nothing allocated");
        stillWorks(reference);
    }

    /** The backend still allocates, steps an optimizer and frees everything. */
    private static void stillWorks(Backend backend) {
        HostMemory.Counts before = HostMemory.counts();
        try (Tensor w = backend.fromArray("w", new float[] {1, -1});
                Tensor g = backend.fromArray("g", new float[] {1, -1});
                Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, g))) {
            opt.step();
            // Adam's first step moves each weight by lr = 1e-3 against its gradient's sign (exactly, to float32).
            assertArrayEquals(new float[] {1 - 1e-3f, -1 + 1e-3f}, w.toFloatArray(), 1e-7f);
        }
        HostMemory.Counts after = HostMemory.counts();
        assertEquals(before.liveTensors(), after.liveTensors());
        assertEquals(before.offHeapBytes(), after.offHeapBytes());
        assertEquals(before.heapBytes(), after.heapBytes());
    }
}

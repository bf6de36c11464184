package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The SIMD backend's wraps: exactly the shape's bytes, and a shared arena closed under a tensor named in the error. */
class WrappedSegmentTest {

    private final SimdBackend simd = new SimdBackend(2);

    @Test
    void aLargerSegmentIsRefusedAndASliceOfItIsWrapped() {
        int n = 3 * (int) ChunkScheduler.PARALLEL_THRESHOLD; // large enough for two threads
        try (Arena arena = Arena.ofShared()) {
            MemorySegment memory = arena.allocate(ValueLayout.JAVA_FLOAT, n + 60);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> simd.wrap("g", memory, DType.FLOAT32, n));
            assertTrue(e.getMessage().startsWith("tensor 'g': shape [" + n + "] of float32 needs a segment of exactly "
                    + 4L * n + " bytes, got " + 4L * (n + 60) + " bytes"), e.getMessage());
            Tensor g = simd.wrap("g", memory.asSlice(40, 4L * n), DType.FLOAT32, n);
            simd.vectorOps().fill(g, 3);
            assertEquals(0f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, 9), "before the slice");
            assertEquals(3f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, 10), "the slice's first element");
            assertEquals(3f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, n + 9), "the slice's last element");
            assertEquals(0f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, n + 10), "after the slice");
        }
    }

    @Test
    void aKernelOnATensorWhoseArenaWasClosedNamesTheTensor() {
        Arena arena = Arena.ofShared();
        Tensor x = simd.wrap("x", arena.allocate(ValueLayout.JAVA_FLOAT, 1000), DType.FLOAT32);
        Tensor y = simd.allocate("y", DType.FLOAT32, 1000);
        arena.close();
        assertTrue(x.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> simd.vectorOps().axpy(2, x, y));
        assertEquals("tensor 'x' wraps memory whose arena was closed", e.getMessage());
        y.close();
    }
}

package dev.descent.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.optim.Sgd;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** {@code Backend.wrap} on the reference backend: the exact size, slices, and an arena closed under a tensor. */
class WrapTest {

    private final Backend backend = new ReferenceBackend();

    @Test
    void aSegmentLargerThanTheShapeIsRefusedNamingTheTensorTheShapeAndTheSizes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seven = arena.allocate(ValueLayout.JAVA_FLOAT, 700); // 2800 bytes for 640 elements
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.wrap("w", seven, DType.FLOAT32, 32, 20));
            assertEquals("tensor 'w': shape [32, 20] of float32 needs a segment of exactly 2560 bytes, got 2800 bytes;"
                    + " to wrap part of it, pass segment.asSlice(offset, 2560)", e.getMessage());
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> backend.wrap("w", seven.asSlice(0, 2000), DType.FLOAT32, 32, 20));
            assertEquals("tensor 'w': shape [32, 20] of float32 needs a segment of exactly 2560 bytes, got 2000 bytes",
                    small.getMessage());
        }
    }

    @Test
    void withoutAShapeTheSegmentMustHoldWholeElements() {
        try (Arena arena = Arena.ofConfined()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.wrap("w", arena.allocate(2562), DType.FLOAT32));
            assertEquals("tensor 'w': a segment of 2562 bytes is not a whole number of float32 elements (4 bytes each);"
                    + " wrap a slice, segment.asSlice(offset, bytes), or give the shape", e.getMessage());
            assertEquals(320, backend.wrap("w", arena.allocate(2560), DType.FLOAT64).size(), "2560 bytes of float64");
        }
    }

    @Test
    void aSliceWrapsPartOfALargerSegment() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(ValueLayout.JAVA_FLOAT, 700);
            for (int i = 0; i < 700; i++) {
                memory.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
            }
            Tensor t = backend.wrap("w", memory.asSlice(60 * Float.BYTES, 640 * Float.BYTES), DType.FLOAT32, 32, 20);
            assertEquals(640, t.size());
            assertEquals(60f, t.toFloatArray()[0], "the slice starts at element 60");
            backend.vectorOps().fill(t, -1);
            assertEquals(59f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, 59), "before the slice: untouched");
            assertEquals(-1f, memory.getAtIndex(ValueLayout.JAVA_FLOAT, 699), "the slice's last element");
        }
    }

    @Test
    void closingTheCallersArenaClosesTheTensorAndErrorsNameIt() {
        Arena arena = Arena.ofConfined();
        Tensor w = backend.wrap("w", arena.allocate(ValueLayout.JAVA_FLOAT, 4), DType.FLOAT32);
        Tensor dw = backend.wrap("dw", arena.allocate(ValueLayout.JAVA_FLOAT, 4), DType.FLOAT32);
        try (Optimizer opt = Optimizer.of(backend, Sgd.defaults(), new Parameter(w, dw))) {
            assertFalse(dw.isClosed());
            opt.step();
            arena.close();
            assertTrue(w.isClosed() && dw.isClosed(), "the memory is gone: the tensors count as closed");
            IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
            assertEquals("tensor 'w' wraps memory whose arena was closed", e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> dw.copyTo(new float[4]));
            assertEquals("tensor 'dw' wraps memory whose arena was closed", e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> backend.vectorOps().fill(dw, 0));
            assertEquals("tensor 'dw' wraps memory whose arena was closed", e.getMessage());
            assertTrue(dw.toString().endsWith(", closed]"), dw.toString());
        }
        dw.close(); // still harmless
        Tensor owned = backend.fromArray("owned", new float[] {1, 2});
        owned.close();
        assertEquals("tensor 'owned' is closed",
                assertThrows(IllegalStateException.class, owned::toFloatArray).getMessage());
    }

    @Test
    void aWrappedSegmentIsStillZeroCopy() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(ValueLayout.JAVA_DOUBLE, 3);
            Tensor t = backend.wrap("x", memory, DType.FLOAT64, 3);
            t.copyFrom(new double[] {1, 2, 3});
            assertArrayEquals(new double[] {1, 2, 3}, memory.toArray(ValueLayout.JAVA_DOUBLE), 0);
        }
    }
}

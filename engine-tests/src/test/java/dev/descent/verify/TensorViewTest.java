package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.Arena;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Backend.view} on every backend: a window shares its parent's memory both ways, views nest, a
 * closed view leaves its parent alone, a closed parent makes every use of its views throw naming both
 * (on the reference backend the heap array would still be readable: the check must come first), and a
 * window outside the parent is refused naming the parent, offset, shape and size. Exact comparisons:
 * views copy nothing and compute nothing.
 */
class TensorViewTest {

    static Stream<String> backends() {
        return BackendsUnderTest.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aViewSharesItsParentsMemoryBothWays(String name) {
        Backend backend = BackendsUnderTest.require(name);
        try (Tensor parent = backend.fromArray("params", new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})) {
            Tensor w = backend.view(parent, "0.weight", 2, 2, 3);
            assertArrayEquals(new long[] {2, 3}, w.shape());
            assertEquals(DType.FLOAT32, w.dtype());
            assertEquals(backend, w.backend());
            assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, w.toFloatArray());
            w.copyFrom(new float[] {-2, -3, -4, -5, -6, -7});
            assertArrayEquals(new float[] {0, 1, -2, -3, -4, -5, -6, -7, 8, 9}, parent.toFloatArray());
            parent.copyFrom(new float[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19});
            assertArrayEquals(new float[] {12, 13, 14, 15, 16, 17}, w.toFloatArray());
            Tensor row = backend.view(w, "0.weight[1]", 3, 3); // a view of a view
            assertArrayEquals(new float[] {15, 16, 17}, row.toFloatArray());
            Tensor scalar = backend.view(parent, "last", 9);
            assertArrayEquals(new float[] {19}, scalar.toFloatArray(), "no shape: one element");
            Tensor empty = backend.view(parent, "empty", 10, 0);
            assertEquals(0, empty.size(), "an empty window at the end fits");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void closingAViewFreesNothing(String name) {
        Backend backend = BackendsUnderTest.require(name);
        try (Tensor parent = backend.fromArray("params", new double[] {1, 2, 3, 4})) {
            Tensor v = backend.view(parent, "b", 1, 2);
            v.close();
            v.close();
            assertTrue(v.isClosed());
            assertFalse(parent.isClosed());
            assertArrayEquals(new double[] {1, 2, 3, 4}, parent.toDoubleArray());
            assertEquals("tensor 'b' is closed",
                    assertThrows(IllegalStateException.class, v::toDoubleArray).getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aClosedParentClosesItsViewsAndEveryUseNamesBoth(String name) {
        Backend backend = BackendsUnderTest.require(name);
        Tensor parent = backend.fromArray("params", new float[] {1, 2, 3, 4, 5, 6});
        Tensor w = backend.view(parent, "0.weight", 0, 2, 2);
        Tensor row = backend.view(w, "0.weight[0]", 0, 2);
        Tensor other = backend.allocate("other", DType.FLOAT32, 2, 2);
        parent.close();
        assertTrue(w.isClosed());
        assertTrue(row.isClosed(), "a view of a view of a closed tensor");
        IllegalStateException read = assertThrows(IllegalStateException.class, w::toFloatArray);
        assertTrue(read.getMessage().contains("'0.weight'") && read.getMessage().contains("'params'"), read.getMessage());
        IllegalStateException write = assertThrows(IllegalStateException.class, () -> w.copyFrom(new float[4]));
        assertTrue(write.getMessage().contains("'0.weight'") && write.getMessage().contains("'params'"), write.getMessage());
        IllegalStateException nested = assertThrows(IllegalStateException.class, row::toFloatArray);
        assertTrue(nested.getMessage().contains("'0.weight[0]'"), nested.getMessage());
        IllegalStateException kernel = assertThrows(IllegalStateException.class,
                () -> backend.vectorOps().copy(other, w));
        assertTrue(kernel.getMessage().contains("'0.weight'") && kernel.getMessage().contains("'params'"),
                kernel.getMessage());
        IllegalStateException make = assertThrows(IllegalStateException.class,
                () -> backend.view(parent, "0.bias", 4, 2));
        assertTrue(make.getMessage().contains("'0.bias'") && make.getMessage().contains("'params'"), make.getMessage());
        other.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aWindowOutsideTheParentIsRefused(String name) {
        Backend backend = BackendsUnderTest.require(name);
        try (Tensor parent = backend.allocate("params", DType.FLOAT64, 2, 5)) {
            assertEquals("view '2.weight' of shape [3, 2] at offset 5 does not fit in tensor 'params' of 10 elements",
                    assertThrows(IllegalArgumentException.class,
                            () -> backend.view(parent, "2.weight", 5, 3, 2)).getMessage());
            assertEquals("view 'b' of shape [1] at offset -1 does not fit in tensor 'params' of 10 elements",
                    assertThrows(IllegalArgumentException.class, () -> backend.view(parent, "b", -1, 1)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> backend.view(parent, "b", 0, -1));
            assertThrows(IllegalArgumentException.class, () -> backend.view(parent, "b", Long.MAX_VALUE, 2));
        }
        Backend reference = BackendsUnderTest.reference();
        if (reference != backend) {
            try (Tensor foreign = reference.allocate("foreign", DType.FLOAT32, 4)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> backend.view(foreign, "v", 0, 2));
                assertTrue(e.getMessage().contains("'foreign'"), e.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aLayerComputesThroughViewsOfOneFlatVector(String name) {
        Backend backend = BackendsUnderTest.require(name);
        try (Tensor params = backend.fromArray("params", new float[] {1, 2, 3, 4});
                Tensor ones = backend.fromArray("ones", new float[] {1, 1})) {
            backend.vectorOps().axpy(10, ones, backend.view(params, "tail", 2, 2));
            assertArrayEquals(new float[] {1, 2, 13, 14}, params.toFloatArray());
        }
        // params = [W (2×3) | b (2)]: y = relu(x·Wᵀ + b) for x = [1, 1, 1]
        try (Tensor params = backend.fromArray("params", new float[] {1, 2, 3, -4, -5, -6, 0.5f, 1});
                Tensor x = backend.fromArray("x", new float[] {1, 1, 1}, 1, 3);
                Tensor y = backend.allocate("y", DType.FLOAT32, 1, 2)) {
            Tensor w = backend.view(params, "0.weight", 0, 2, 3);
            Tensor b = backend.view(params, "0.bias", 6, 2);
            backend.networkKernels().matMulTransposeB(x, w, y, false);
            backend.networkKernels().biasActivation(y, b, Activation.RELU, y);
            assertArrayEquals(new float[] {6.5f, 0}, y.toFloatArray());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aViewOfAWrappedSegmentClosesWithTheCallersArena(String name) {
        Backend backend = BackendsUnderTest.require(name);
        Arena arena = Arena.ofShared();
        Tensor wrapped;
        try {
            wrapped = backend.wrap("caller's", arena.allocate(32), DType.FLOAT32);
        } catch (UnsupportedOperationException deviceBackend) {
            arena.close();
            return; // a device backend computes in its own memory: nothing to wrap
        }
        Tensor v = backend.view(wrapped, "part", 2, 2);
        v.copyFrom(new float[] {1, 2});
        assertArrayEquals(new float[] {0, 0, 1, 2, 0, 0, 0, 0}, wrapped.toFloatArray());
        arena.close();
        assertTrue(v.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, v::toFloatArray);
        assertTrue(e.getMessage().contains("'part'") && e.getMessage().contains("'caller's'"), e.getMessage());
    }
}

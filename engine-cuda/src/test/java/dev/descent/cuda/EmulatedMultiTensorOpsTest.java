package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multi-tensor vector operations ({@code linearCombination}, {@code dots}), run by the emulator from
 * the CUDA sources, against the reference backend in float32 and float64: linear combinations bit for
 * bit, aliasing included; dots within the bound of {@code dot} and bit for bit the backend's own
 * {@code dot} ({@link KernelAgreement} states each check). Sizes around the vector widths (tails of 1 to
 * 3 elements), the reduction grid (one block per 4096 elements) and beyond the emulated device's 4
 * resident blocks.
 */
class EmulatedMultiTensorOpsTest extends EmulatedBackendTestBase {

    static final int[] SIZES = {1, 2, 3, 4, 5, 7, 9, 255, 1000, 4097, 16385};

    /** Dots synchronise blocks, which the emulator plays with one host thread per CUDA thread: fewer sizes. */
    static final int[] DOTS_SIZES = {1, 3, 4, 5, 9, 1000, 4097, 12_289};

    static Stream<Arguments> cases() {
        return DType.computed().stream().flatMap(d -> IntStream.of(SIZES).mapToObj(n -> Arguments.of(d, n)));
    }

    static Stream<Arguments> dotsCases() {
        return DType.computed().stream().flatMap(d -> IntStream.of(DOTS_SIZES).mapToObj(n -> Arguments.of(d, n)));
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("cases")
    void linearCombinationEqualsTheReferenceBitForBit(DType dtype, int n) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        KernelAgreement.assertLinearCombinationAgrees(cuda, dtype, n);
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("dotsCases")
    void dotsAgreeWithTheReferenceAndEqualDot(DType dtype, int n) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        KernelAgreement.assertDotsAgree(cuda, dtype, n);
    }

    @Test
    void aRepeatedPairIsComputedOnce() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor x = cuda.fromArray("x", new double[] {1, 2, 3}); Tensor y = cuda.fromArray("y", new double[] {4, 5, 6})) {
            int before = device.launches();
            double[] out = new double[4];
            cuda.vectorOps().dots(new Tensor[] {x, y}, new Tensor[] {y, x}, out); // x·y twice, x·x, y·y: three products
            assertArrayEquals(new double[] {32, 14, 77, 32}, out);
            assertEquals(2, device.launches() - before, "one pass over the tensors and one fold of the partials");
        }
    }

    @Test
    void emptyTensorsNeedNoLaunch() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor e = cuda.allocate("e", DType.FLOAT32, 0); Tensor f = cuda.allocate("f", DType.FLOAT32, 0)) {
            int before = device.launches();
            double[] out = {7, 7, 7};
            cuda.vectorOps().dots(new Tensor[] {e}, new Tensor[] {e, f}, out);
            assertArrayEquals(new double[] {0, 0, 7}, out);
            cuda.vectorOps().linearCombination(new double[] {2, 3}, new Tensor[] {e, f}, f);
            assertEquals(before, device.launches());
        }
    }

    @Test
    void badCallsFailNamingTheProblem() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor x = cuda.allocate("x", DType.FLOAT32, 3); Tensor y = cuda.allocate("y", DType.FLOAT64, 3);
                Tensor z = cuda.allocate("z", DType.FLOAT32, 4); Tensor foreign = KernelAgreement.REFERENCE.allocate("w", DType.FLOAT32, 3)) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> cuda.vectorOps().dots(new Tensor[] {x}, new Tensor[] {x, x}, new double[1])).getMessage();
            assertTrue(m.contains("needs 2 results"), m);
            assertThrows(IllegalArgumentException.class, () -> cuda.vectorOps().dots(new Tensor[] {x}, new Tensor[] {y}, new double[1]));
            assertThrows(IllegalArgumentException.class, () -> cuda.vectorOps().dots(new Tensor[] {x}, new Tensor[] {z}, new double[1]));
            m = assertThrows(IllegalArgumentException.class,
                    () -> cuda.vectorOps().dots(new Tensor[] {x}, new Tensor[] {foreign}, new double[1])).getMessage();
            assertTrue(m.contains("'w'") && m.contains("reference"), m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> cuda.vectorOps().linearCombination(new double[] {1}, new Tensor[] {x, x}, x)).getMessage();
            assertTrue(m.contains("as many coefficients as tensors"), m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> cuda.vectorOps().linearCombination(new double[] {1}, new Tensor[] {x}, foreign)).getMessage();
            assertTrue(m.contains("'w'"), m);
            Tensor closed = cuda.allocate("closed", DType.FLOAT32, 3);
            closed.close();
            m = assertThrows(IllegalStateException.class,
                    () -> cuda.vectorOps().linearCombination(new double[] {1, 1}, new Tensor[] {x, closed}, x)).getMessage();
            assertTrue(m.contains("closed"), m);
            assertThrows(IllegalStateException.class, () -> cuda.vectorOps().dots(new Tensor[] {closed}, new Tensor[] {x}, new double[1]));
        }
    }
}

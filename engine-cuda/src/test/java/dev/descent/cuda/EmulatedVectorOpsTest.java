package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The vector operations, run by the emulator from the CUDA sources, against the reference backend, in
 * float32 and float64, on sizes around the vector widths, the reduction grid (one block per 4096
 * elements) and beyond the 4 resident blocks of the emulated device, with NaN, ±0, subnormals and
 * ±Infinity among the values ({@link KernelAgreement} states what "agree" means for each).
 */
class EmulatedVectorOpsTest extends EmulatedBackendTestBase {

    static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 255, 1000, 4096, 4097, 16385, 100_003};

    /** Reductions synchronise blocks, which the emulator plays with one host thread per CUDA thread: fewer sizes. */
    static final int[] REDUCTION_SIZES = {1, 2, 3, 4, 5, 7, 9, 1000, 4096, 4097, 16385, 40_001};

    static Stream<Arguments> cases() {
        return DType.computed().stream().flatMap(d -> IntStream.of(SIZES).mapToObj(n -> Arguments.of(d, n)));
    }

    static Stream<Arguments> reductionCases() {
        return DType.computed().stream().flatMap(d -> IntStream.of(REDUCTION_SIZES).mapToObj(n -> Arguments.of(d, n)));
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("cases")
    void elementwiseOperationsEqualTheReference(DType dtype, int n) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        KernelAgreement.assertElementwiseAgrees(cuda, dtype, n);
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("reductionCases")
    void reductionsAgreeWithTheReference(DType dtype, int n) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        KernelAgreement.assertReductionsAgree(cuda, dtype, n);
    }

    @Test
    void emptyTensorsReduceToZeroWithoutALaunch() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor e = cuda.allocate("empty", DType.FLOAT32, 0)) {
            int before = device.launches();
            assertEquals(0.0, cuda.vectorOps().dot(e, e));
            assertEquals(0.0, cuda.vectorOps().norm2(e));
            assertEquals(0.0, cuda.vectorOps().maxAbs(e));
            assertFalse(cuda.vectorOps().hasNonFinite(e));
            cuda.vectorOps().axpy(2, e, e);
            cuda.vectorOps().scale(2, e);
            cuda.vectorOps().fill(e, 1);
            assertEquals(before, device.launches());
        }
    }
}

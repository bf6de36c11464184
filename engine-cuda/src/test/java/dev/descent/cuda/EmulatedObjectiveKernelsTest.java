package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The objective kernels ({@code matrix_vector.cu}, {@code rosenbrock.cu}, {@code logistic_loss.cu}), run
 * by the emulator from the CUDA sources, against the reference backend in float32 and float64
 * ({@link ObjectiveAgreement} states each check and its tolerance). Shapes: single rows and columns,
 * rows around the 8 rows a block takes and columns around the 32 lanes of a row and the 256 columns of
 * a tile, matrices of one and of several row segments; element counts around the vector widths, the
 * reduction grid and the emulated device's 4 resident blocks.
 */
class EmulatedObjectiveKernelsTest extends EmulatedBackendTestBase {

    /** {rows, cols}; more than 64 rows give Aᵀ·v several segments. */
    static final int[][] SHAPES = {{1, 1}, {1, 7}, {7, 1}, {3, 5}, {8, 32}, {9, 33}, {64, 3}, {65, 2}, {130, 257},
        {300, 40}, {5, 1000}, {0, 3}, {3, 0}};

    static final int[] ROSENBROCK_SIZES = {2, 4, 6, 8, 10, 510, 2000, 8194, 16386};

    static final int[] LOGISTIC_SIZES = {1, 2, 3, 4, 5, 7, 9, 1000, 4097, 12_289};

    static Stream<Arguments> shapes() {
        List<Arguments> all = new ArrayList<>();
        for (DType d : DType.computed()) {
            for (int[] s : SHAPES) {
                all.add(Arguments.of(d, s[0], s[1]));
            }
        }
        return all.stream();
    }

    static Stream<Arguments> rosenbrockCases() {
        return DType.computed().stream().flatMap(d -> IntStream.of(ROSENBROCK_SIZES).mapToObj(n -> Arguments.of(d, n)));
    }

    static Stream<Arguments> logisticCases() {
        return DType.computed().stream().flatMap(d -> IntStream.of(LOGISTIC_SIZES).mapToObj(n -> Arguments.of(d, n)));
    }

    @ParameterizedTest(name = "{0}, {1} × {2}")
    @MethodSource("shapes")
    void matVecAgreesWithTheReference(DType dtype, int rows, int cols) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        ObjectiveAgreement.assertMatVecAgrees(cuda, dtype, rows, cols);
    }

    @ParameterizedTest(name = "{0}, {1} × {2}")
    @MethodSource("shapes")
    void matTransposeVecAgreesWithTheReference(DType dtype, int rows, int cols) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        ObjectiveAgreement.assertMatTransposeVecAgrees(cuda, dtype, rows, cols);
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("rosenbrockCases")
    void rosenbrockAgreesWithTheReference(DType dtype, int n) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        ObjectiveAgreement.assertRosenbrockAgrees(cuda, dtype, n);
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("logisticCases")
    void logisticKernelsAgreeWithTheReference(DType dtype, int n) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        ObjectiveAgreement.assertLogisticAgrees(cuda, dtype, n);
    }

    @Test
    void theLogisticLossOfEmptyTensorsIsZeroWithoutALaunch() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor e = cuda.allocate("e", DType.FLOAT64, 0)) {
            int before = device.launches();
            assertEquals(0.0, cuda.objectiveKernels().logisticLoss(e, e, e));
            cuda.objectiveKernels().logisticCurvature(e, e);
            assertEquals(before, device.launches());
        }
    }

    @Test
    void badCallsFailNamingTheProblem() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        try (Tensor a = cuda.allocate("A", DType.FLOAT32, 2, 3); Tensor x = cuda.allocate("x", DType.FLOAT32, 3);
                Tensor out = cuda.allocate("out", DType.FLOAT32, 2); Tensor odd = cuda.allocate("odd", DType.FLOAT32, 3);
                Tensor x64 = cuda.allocate("x64", DType.FLOAT64, 3);
                Tensor foreign = KernelAgreement.REFERENCE.allocate("w", DType.FLOAT32, 3)) {
            String m = assertThrows(IllegalArgumentException.class, () -> cuda.objectiveKernels().matVec(a, out, x)).getMessage();
            assertTrue(m.contains("needs 3 inputs and 2 outputs"), m);
            assertThrows(IllegalArgumentException.class, () -> cuda.objectiveKernels().matVec(a, x64, out));
            m = assertThrows(IllegalArgumentException.class, () -> cuda.objectiveKernels().matVec(a, foreign, out)).getMessage();
            assertTrue(m.contains("'w'") && m.contains("reference"), m);
            m = assertThrows(IllegalArgumentException.class, () -> cuda.objectiveKernels().matTransposeVec(x, out, x)).getMessage();
            assertTrue(m.contains("[rows, cols]"), m);
            m = assertThrows(IllegalArgumentException.class, () -> cuda.objectiveKernels().rosenbrock(odd, odd)).getMessage();
            assertTrue(m.contains("even number"), m);
            assertThrows(IllegalArgumentException.class, () -> cuda.objectiveKernels().rosenbrockGaussNewtonDiagonal(out, x));
            assertThrows(NullPointerException.class, () -> cuda.objectiveKernels().rosenbrockCurvatureVector(null, out, out, out));
            m = assertThrows(IllegalArgumentException.class, () -> cuda.objectiveKernels().logisticLoss(x, x64, x)).getMessage();
            assertTrue(m.contains("dtype") || m.contains("float"), m);
            Tensor closed = cuda.allocate("closed", DType.FLOAT32, 2);
            closed.close();
            assertThrows(IllegalStateException.class,
                    () -> cuda.objectiveKernels().rosenbrockCurvatureVector(RosenbrockCurvature.HESSIAN, out, closed, out));
            assertThrows(IllegalStateException.class, () -> cuda.objectiveKernels().logisticCurvature(closed, out));
        }
    }
}

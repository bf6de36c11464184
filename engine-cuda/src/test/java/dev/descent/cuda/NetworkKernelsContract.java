package dev.descent.cuda;

import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agreement of a CUDA backend's network kernels with the reference ({@link NetworkAgreement} states
 * each check and its tolerance) over the shapes an implementing test class chooses: the emulator's
 * ({@link EmulatedNetworkKernelsTest}) and a real GPU's ({@link GpuNetworkKernelsTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
interface NetworkKernelsContract {

    /** The backend under test; skips the test (an assumption failure naming the reason) where there is none. */
    CudaBackend backend();

    /** The {@code {m, n, k}} of the products. */
    int[][] gemmShapes();

    /** The {@code {rows, cols}} of the element-wise and row kernels. */
    int[][] shapes();

    default Stream<Arguments> gemmCases() {
        return NetworkAgreement.gemmCases(gemmShapes());
    }

    default Stream<Arguments> activationCases() {
        return NetworkAgreement.activationCases(shapes());
    }

    default Stream<Arguments> shapeCases() {
        return NetworkAgreement.shapeCases(shapes());
    }

    @ParameterizedTest(name = "{0} {1} {2} × {3}, k {4}")
    @MethodSource("gemmCases")
    default void gemmAgreesWithTheReference(DType dtype, NetworkAgreement.Product product, int m, int n, int k) {
        NetworkAgreement.assertGemmAgrees(backend(), dtype, product, m, n, k);
    }

    @ParameterizedTest(name = "{0} {1} {2} × {3}")
    @MethodSource("activationCases")
    default void activationsAgreeWithTheReference(DType dtype, Activation activation, int m, int n) {
        NetworkAgreement.assertActivationAgrees(backend(), dtype, activation, m, n);
    }

    @ParameterizedTest(name = "{0} {1} × {2}")
    @MethodSource("shapeCases")
    default void rowKernelsAgreeWithTheReference(DType dtype, int m, int n) {
        CudaBackend cuda = backend();
        NetworkAgreement.assertColumnSumsAgree(cuda, dtype, m, n);
        NetworkAgreement.assertClassificationAgrees(cuda, dtype, m, n);
        NetworkAgreement.assertSquaredErrorAgrees(cuda, dtype, m, n);
        int last = Math.max(0, m - 1);
        NetworkAgreement.assertGatherAgrees(cuda, dtype, Math.max(1, m), n, new int[] {last, 0, last / 2, last});
    }
}

package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.testing.NetworkAgreement;
import dev.descent.testing.NetworkCase;
import dev.descent.testing.NetworkCases;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared case list of every backend's network kernels ({@link NetworkCases}: 1×1, one-row, odd and
 * past-power-of-two shapes, accumulation, each activation, in place, logits of ±1000, both dtypes) on
 * the emulated CUDA device, held to the reference by the shared bounds of
 * {@link dev.descent.testing.NetworkAgreement} — the ones {@code NetworkKernelAgreementTest} applies to
 * cuda on a GPU and {@code descent verify} reports. ({@link dev.descent.cuda.NetworkAgreement} holds the
 * CUDA kernels to their own, tighter bounds on the shapes of this module's tests.)
 */
class EmulatedNetworkCasesTest extends EmulatedBackendTestBase {

    static Stream<NetworkCase> cases() {
        return NetworkCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithTheReference(NetworkCase c) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        NetworkAgreement.Outcome o = NetworkAgreement.compare(c, cuda, KernelAgreement.REFERENCE);
        assertTrue(o.passed(), "worst |ours − reference| / bound = " + o.worstError() + " at " + o.where());
    }
}

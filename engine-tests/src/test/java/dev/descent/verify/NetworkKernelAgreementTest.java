package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.testing.NetworkAgreement;
import dev.descent.testing.NetworkCase;
import dev.descent.testing.NetworkCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every network kernel on every non-reference backend against the reference, on each case of
 * {@link NetworkCases} (both dtypes, odd and 1-row shapes, accumulation, each activation, in place,
 * logits of ±1000). The tolerances are {@link NetworkAgreement}'s, which states them and why: a GEMM
 * element within {@code γ_{k+1}·(|out⁰| + Σ|a||b|)} plus two ulps (another summation order, possibly
 * in the dtype), copies and bias sums exactly, element-wise kernels within a few ulps of the dtype
 * (another library's {@code exp}/{@code tanh}). Unavailable backends (CUDA without a GPU) are skipped
 * with their reason.
 */
class NetworkKernelAgreementTest {

    static Stream<Arguments> cases() {
        return BackendsUnderTest.nonReferenceNames()
                .flatMap(b -> NetworkCases.all().stream().map(c -> Arguments.of(b, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void agreesWithTheReference(String backendName, NetworkCase c) {
        Backend backend = BackendsUnderTest.require(backendName);
        NetworkAgreement.Outcome o = NetworkAgreement.compare(c, backend, BackendsUnderTest.reference());
        assertTrue(o.passed(), backendName + ": worst |ours − reference| / bound = " + o.worstError() + " at " + o.where());
    }

    @Test
    void theBoundsCatchAnErrorOfTheirOwnSize() {
        Backend reference = BackendsUnderTest.reference();
        for (String kernel : NetworkCases.KERNELS) {
            NetworkCase c = NetworkCases.of(kernel).get(NetworkCases.of(kernel).size() - 1); // float64, the largest
            NetworkCase.Result r = c.run(reference);
            assertEquals(0, NetworkAgreement.compare(c, r, c.run(reference)).worstError(), kernel + " is deterministic");
            double[] wrong = r.output().clone();
            double scalar = r.scalar();
            if (wrong.length > 0) {
                wrong[wrong.length / 2] += 1e-6 * (1 + Math.abs(wrong[wrong.length / 2]));
            } else {
                scalar += 1;
            }
            assertFalse(NetworkAgreement.compare(c, r, new NetworkCase.Result(wrong, scalar)).passed(),
                    kernel + ": an error of 1e-6 passed");
        }
    }

    @Test
    void theCaseListCoversEveryKernelDtypeAndOption() {
        var all = NetworkCases.all();
        for (String kernel : NetworkCases.KERNELS) {
            assertTrue(all.stream().anyMatch(c -> c.kernel().equals(kernel)), kernel);
        }
        assertTrue(all.stream().anyMatch(c -> c.accumulate() && c.kernel().equals("matMul")));
        assertTrue(all.stream().anyMatch(c -> c.inPlace() && c.kernel().equals("softmaxCrossEntropy")));
        assertTrue(all.stream().anyMatch(c -> c.logitScale() == 1000));
        assertTrue(all.stream().anyMatch(c -> c.m() == 129 && c.n() == 257 && c.k() == 127));
    }
}

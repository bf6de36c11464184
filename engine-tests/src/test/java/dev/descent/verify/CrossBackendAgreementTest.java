package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer × every hyper-parameter case × sizes around the vector widths (0, 1, 7, 15, 16, 17),
 * odd large sizes (1000, 4099, 100 003, which cross the SIMD backend's threading threshold) × 24 steps,
 * on every non-reference backend against the reference, parameters and all state compared after
 * every step.
 *
 * <p>Tolerance: the SIMD and CUDA backends evaluate each rule in the reference's float32 operation
 * order, without fused multiply-adds (CUDA's kernels are built with {@code -fmad=false} and IEEE
 * division and square root), and float32 +, -, ×, ÷ and sqrt are correctly rounded everywhere, so
 * they must agree <em>bit for bit</em>. Any other backend is held to the trace tolerance, rtol 1e-5
 * and atol 1e-6 per element.
 */
class CrossBackendAgreementTest {

    private static final int[] SIZES = {0, 1, 7, 15, 16, 17, 1000, 4099, 100_003};
    private static final int STEPS = 24;
    private static final Set<String> BITWISE_BACKENDS = Set.of("simd", "cuda");

    static Stream<Arguments> cases() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> HyperCases.all().stream().flatMap(
                hc -> java.util.Arrays.stream(SIZES).mapToObj(n -> Arguments.of(b, hc, n))));
    }

    @ParameterizedTest(name = "{0}: {1}, n={2}")
    @MethodSource("cases")
    void agreesWithReference(String backendName, HyperCase hc, int size) {
        Backend backend = BackendsUnderTest.require(backendName);
        OptimizerSpec spec = OptimizerSpecs.fromHyper(hc.optimizer(), hc.hyper());
        int tensors = size > 1000 ? 3 : 1; // a multi-tensor group on the large sizes
        Agreement.Outcome o = Agreement.compare(spec, backend, BackendsUnderTest.reference(), size, tensors, STEPS,
                31L * size + hc.hashCode(), VerifySuite.RTOL, VerifySuite.ATOL);
        if (BITWISE_BACKENDS.contains(backendName)) {
            assertTrue(o.bitwiseEqual(), () -> backendName + " must equal the reference bit for bit; worst at "
                    + o.where());
        } else {
            assertTrue(o.worstError() <= 1, () -> "worst normalized error " + o.worstError() + " at " + o.where());
        }
    }
}

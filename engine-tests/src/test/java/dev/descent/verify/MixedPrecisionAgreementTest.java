package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.tensor.DType;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Master-weight steps of bfloat16 and float16 parameters: every optimizer × every hyper-parameter case
 * × sizes around the vector widths, past a master-weight block (4096) and past the SIMD backend's
 * threading threshold (2^16, so chunks and blocks cut the tensors differently) × 12 steps (3 on the largest), on every
 * non-reference backend against the reference, the low-precision parameters and all float32 state
 * ({@code master_param} included) compared after every step.
 *
 * <p>Tolerance: none, bit for bit. Each backend widens the gradient exactly, runs its float32 kernel,
 * which agrees with the reference bit for bit ({@link CrossBackendAgreementTest}), on the master, and
 * rounds the master to nearest even with the same integer arithmetic ({@code HalfFloats}), so nothing
 * is left to differ.
 */
class MixedPrecisionAgreementTest {

    private static final int[] SIZES = {0, 1, 17, 4099, 140_001};
    private static final int STEPS = 12;

    static Stream<Arguments> cases() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> Stream.of(DType.BFLOAT16, DType.FLOAT16).flatMap(
                d -> HyperCases.all().stream().flatMap(hc -> Arrays.stream(SIZES).mapToObj(n -> Arguments.of(b, d, hc, n)))));
    }

    @ParameterizedTest(name = "{0} {1}: {2}, n={3}")
    @MethodSource("cases")
    void agreesWithReferenceBitForBit(String backendName, DType dtype, HyperCase hc, int size) {
        Backend backend = BackendsUnderTest.require(backendName);
        OptimizerSpec spec = OptimizerSpecs.fromHyper(hc.optimizer(), hc.hyper());
        int tensors = size > 1000 ? 3 : 1;
        Agreement.Outcome o = Agreement.compare(spec, dtype, backend, BackendsUnderTest.reference(), size, tensors,
                size > 100_000 ? 3 : STEPS, 17L * size + hc.hashCode() + dtype.ordinal(), VerifySuite.RTOL, VerifySuite.ATOL);
        assertTrue(o.bitwiseEqual(), () -> backendName + " must equal the reference bit for bit; worst at " + o.where());
    }
}

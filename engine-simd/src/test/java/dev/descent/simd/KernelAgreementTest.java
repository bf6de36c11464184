package dev.descent.simd;

import dev.descent.optim.OptimizerSpec;
import dev.descent.reference.ReferenceBackend;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer kernel of the SIMD backend equals the reference backend bit for bit: the same
 * float32 operations in the same order, no FMA, so there is no tolerance to state. The sizes cover
 * empty tensors, fewer elements than one vector, one vector and one more (for 4-, 8- and 16-lane
 * vectors), and sizes with a partial last vector; all sit in one group, the way a model's
 * parameters do.
 */
class KernelAgreementTest {

    private static final long[] SIZES = {0, 1, 7, 15, 16, 17, 1000, 4099, 100003};
    private static final int STEPS = 24;

    /** The cases every backend is held to ({@link HyperCases}), shared with the CUDA tests and {@code descent verify}. */
    static Stream<HyperCase> settings() {
        return HyperCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everyStepEqualsTheReferenceBitForBit(HyperCase c) {
        OptimizerSpec spec = c.spec();
        try (OptimizerRun reference = new OptimizerRun(new ReferenceBackend(), spec, SIZES, 42);
                OptimizerRun simd = new OptimizerRun(new SimdBackend(1), spec, SIZES, 42)) {
            Random random = new Random(7);
            for (int t = 1; t <= STEPS; t++) {
                float[][] gradients = OptimizerRun.gradients(random, SIZES);
                double loss = random.nextDouble(); // rises on about half of the steps: iRprop+ backtracks then
                reference.step(gradients, loss);
                simd.step(gradients, loss);
                simd.assertBitwiseEqual(reference, spec + ", step " + t);
            }
        }
    }
}

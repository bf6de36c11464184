package dev.descent.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.kernel.GradientClip;
import dev.descent.tensor.DType;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loss scaling's unscale in master-weight steps, run by the emulator from the CUDA sources, against the
 * reference: bfloat16 and float16 gradients widened, multiplied by the loss scale's inverse (with and
 * without a clip after it), the master, the state and the rounded parameter equal bit for bit after
 * every step, for every optimizer, on a ragged group with an empty tensor and a chunk boundary and on
 * values holding NaN, ±Infinity, ±0 and subnormals. (Float32 parameters with these clips:
 * {@link EmulatedClippingTest}; whole optimizers with a {@code GradScaler} on a GPU:
 * {@code LossScalingAgreementTest} in engine-tests.)
 */
class EmulatedLossScalingTest extends EmulatedBackendTestBase {

    private static final int STEPS = 2;
    private static final List<GradientClip> UNSCALES = List.of(GradientClip.NONE.unscaledBy(0x1p-16f),
            new GradientClip(0.6f, 0.08f, 0x1p-7f), GradientClip.NONE.unscaledBy(1f / 3000f));

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (DType dtype : new DType[] {DType.BFLOAT16, DType.FLOAT16}) {
            for (HyperCase c : HyperCases.all()) {
                for (GradientClip clip : UNSCALES) {
                    all.add(Arguments.of(dtype, c, clip, new int[] {3, 0, 8193}, false));
                    all.add(Arguments.of(dtype, c, clip, new int[] {257, 3}, true));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}: specials {4}")
    @MethodSource("cases")
    void equalsTheReferenceBitForBit(DType dtype, HyperCase c, GradientClip clip, int[] sizes, boolean specials) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        KernelAgreement.assertOptimizerAgrees(cuda, c, dtype, sizes, specials, STEPS, clip);
    }
}

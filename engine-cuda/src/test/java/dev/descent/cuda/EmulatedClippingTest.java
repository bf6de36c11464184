package dev.descent.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.kernel.GradientClip;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.Sgd;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient clipping on the emulator, from the very CUDA sources the GPU runs, against the reference:
 * every optimizer kernel applies a given {@link GradientClip} bit for bit as the reference does (also
 * to NaN, ±Infinity, ±0 and subnormal gradients); the one-launch gradient norm agrees within the
 * bound of its sums (the maximum exactly) and turns NaN or infinite wherever a gradient element is; a
 * whole optimizer clipping by norm or value inside its step matches the reference's bit for bit.
 */
class EmulatedClippingTest extends EmulatedBackendTestBase {

    private static final int STEPS = 2;
    private static final int[][] GROUPS = {{5}, {3, 0, 8193}};

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (HyperCase c : HyperCases.all()) {
            for (GradientClip clip : KernelAgreement.CLIPS) {
                for (int[] group : GROUPS) {
                    all.add(Arguments.of(c, clip, Arrays.toString(group), group, false));
                }
                all.add(Arguments.of(c, clip, "[257, 3] with NaN, ±Infinity, ±0, subnormals", new int[] {257, 3}, true));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("cases")
    void everyKernelClipsBitForBitAsTheReference(HyperCase c, GradientClip clip, String label, int[] sizes,
            boolean specials) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        KernelAgreement.assertOptimizerAgrees(cuda, c, sizes, specials, STEPS, clip);
    }

    @Test
    void theGradientNormAgreesWithTheReference() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        for (int[] sizes : new int[][] {{1}, {3, 0, 8193}, {20003, 4096, 1}, {8192, 8192, 8192, 8192, 8192, 7}}) {
            KernelAgreement.assertGradientNormAgrees(cuda, sizes);
        }
    }

    @Test
    void anOptimizerClippingInsideItsStepAgreesWithTheReference() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        for (OptimizerSpec spec : List.of(Adam.defaults(), Sgd.defaults().withMomentum(0.9))) {
            for (GradientClipping clipping : List.of(GradientClipping.norm(0.5),
                    GradientClipping.norm(0.01, Double.POSITIVE_INFINITY, true), GradientClipping.value(0.02))) {
                KernelAgreement.assertOptimizerClipsAsTheReference(cuda, spec, clipping, new int[] {20003, 4096, 1}, 3);
            }
        }
    }
}

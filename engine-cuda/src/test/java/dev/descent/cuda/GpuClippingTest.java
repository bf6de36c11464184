package dev.descent.cuda;

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
 * Gradient clipping on a real GPU against the reference, as {@link EmulatedClippingTest} holds the
 * emulator to it, on larger groups: every kernel with every clip bit for bit, the one-launch gradient
 * norm within the bound of its sums (exact for the maximum, NaN or +∞ with a non-finite element), and
 * whole optimizers clipping inside their step bit for bit. Skipped, naming the reason, where the CUDA
 * backend is unavailable; {@code scripts/gpu-check.sh} runs it on a GPU machine.
 */
class GpuClippingTest {

    private static final int STEPS = 3;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (HyperCase c : HyperCases.all()) {
            for (GradientClip clip : KernelAgreement.CLIPS) {
                for (int[] group : new int[][] {{5}, {3, 0, 8193}, {20003, 4096, 1}}) {
                    all.add(Arguments.of(c, clip, Arrays.toString(group), group, false));
                }
                all.add(Arguments.of(c, clip, "[100003, 257, 3] with NaN, ±Infinity, ±0, subnormals",
                        new int[] {100_003, 257, 3}, true));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("cases")
    void everyKernelClipsBitForBitAsTheReference(HyperCase c, GradientClip clip, String label, int[] sizes,
            boolean specials) {
        KernelAgreement.assertOptimizerAgrees(RealGpu.require(), c, sizes, specials, STEPS, clip);
    }

    @Test
    void theGradientNormAgreesWithTheReference() {
        CudaBackend cuda = RealGpu.require();
        for (int[] sizes : new int[][] {{1}, {3, 0, 8193}, {20003, 4096, 1}, {(1 << 20) + 3, 100_003, 5}}) {
            KernelAgreement.assertGradientNormAgrees(cuda, sizes);
        }
    }

    @Test
    void anOptimizerClippingInsideItsStepAgreesWithTheReference() {
        CudaBackend cuda = RealGpu.require();
        for (OptimizerSpec spec : List.of(Adam.defaults(), Sgd.defaults().withMomentum(0.9))) {
            for (GradientClipping clipping : List.of(GradientClipping.norm(0.5),
                    GradientClipping.norm(0.01, Double.POSITIVE_INFINITY, true), GradientClipping.value(0.02))) {
                KernelAgreement.assertOptimizerClipsAsTheReference(cuda, spec, clipping,
                        new int[] {(1 << 20) + 3, 20003, 4096, 1}, STEPS);
            }
        }
    }
}

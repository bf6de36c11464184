package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NormType;
import dev.descent.tensor.DType;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Master-weight steps of bfloat16 and float16 parameters, run by the emulator from the CUDA sources
 * ({@code multi_tensor.cuh}'s low-precision path, {@code half_floats.cuh}), against the reference:
 * the low-precision parameter, its float32 {@code master_param} and every state tensor equal bit for
 * bit after every step, on a single tensor, a ragged group with an empty tensor and a chunk boundary,
 * a group of more chunks than the emulated device's resident blocks, and a group whose values hold
 * NaN, ±Infinity, ±0 and subnormals; and the gradient norm of low-precision gradients.
 */
class EmulatedMixedPrecisionTest extends EmulatedBackendTestBase {

    private static final int STEPS = 3;
    private static final int[][] GROUPS = {{5}, {3, 0, 8193}, {20003, 4096, 1}};

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (DType dtype : new DType[] {DType.BFLOAT16, DType.FLOAT16}) {
            for (HyperCase c : HyperCases.all()) {
                for (int[] group : GROUPS) {
                    all.add(Arguments.of(dtype, c, Arrays.toString(group), group, false));
                }
                all.add(Arguments.of(dtype, c, "[257, 3] with NaN, ±Infinity, ±0, subnormals", new int[] {257, 3}, true));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("cases")
    void equalsTheReferenceBitForBit(DType dtype, HyperCase c, String label, int[] sizes, boolean specials) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        KernelAgreement.assertOptimizerAgrees(cuda, c, dtype, sizes, specials, STEPS, GradientClip.NONE);
    }

    /**
     * The norms of low-precision gradients: the maximum exact, the 2-norm within 1e-10 relative (double
     * sums of at most 24 100 non-negative squares in two different orders: each within n·2⁻⁵³ ≈ 2.7e-12
     * of the exact sum), NaN where a gradient holds one.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"BFLOAT16", "FLOAT16"})
    void gradientNormsOfLowPrecisionGradients(DType dtype) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        int[] sizes = {20003, 4096, 1};
        SplittableRandom random = new SplittableRandom(5);
        List<float[]> params0 = new ArrayList<>();
        List<float[]> grads = new ArrayList<>();
        for (int n : sizes) {
            params0.add(TestData.gaussian(random, n, 1f, 0));
            grads.add(TestData.gaussian(random, n, 0.5f, 0.1));
        }
        try (StepRun ours = new StepRun(cuda, HyperCases.all().get(0).spec(), dtype, params0);
                StepRun theirs = new StepRun(KernelAgreement.REFERENCE, HyperCases.all().get(0).spec(), dtype, params0)) {
            ours.setGradients(grads);
            theirs.setGradients(grads);
            List<ParameterSlots> a = ours.slots();
            List<ParameterSlots> b = theirs.slots();
            double two = KernelAgreement.REFERENCE.optimizerKernels().gradientNorm(NormType.TWO, b);
            assertEquals(two, cuda.optimizerKernels().gradientNorm(NormType.TWO, a), 1e-10 * two);
            assertEquals(KernelAgreement.REFERENCE.optimizerKernels().gradientNorm(NormType.INFINITY, b),
                    cuda.optimizerKernels().gradientNorm(NormType.INFINITY, a), 0.0);
            grads.get(1)[77] = Float.NaN;
            ours.setGradients(grads);
            assertTrue(Double.isNaN(cuda.optimizerKernels().gradientNorm(NormType.TWO, a)));
            assertTrue(Double.isNaN(cuda.optimizerKernels().gradientNorm(NormType.INFINITY, a)));
        }
    }
}

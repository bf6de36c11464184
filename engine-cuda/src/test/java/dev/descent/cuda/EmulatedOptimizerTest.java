package dev.descent.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer kernel, run by the emulator from the very CUDA sources the GPU runs, against the
 * reference backend: parameters and every state tensor must be equal <em>bit for bit</em> after every
 * step (NaN payloads aside). No tolerance: both evaluate the same IEEE 754 float32 operations in the
 * same order without fused multiply-adds (see the package notes).
 *
 * <p>The groups ({@link KernelAgreement#GROUPS}) cover the fused launch's machinery: one tensor of 1, 4
 * and 5 elements (a float4 and its tail), ragged groups with an empty tensor and chunk boundaries
 * (8192 ± 1), and more chunks than the emulated device's 4 resident blocks; the gradients hold exact
 * zeros (the sign rules' zero branch), and one more group also ±0, subnormals, ±Infinity and NaN
 * (Java's max, min and signum, transcribed).
 */
class EmulatedOptimizerTest extends EmulatedBackendTestBase {

    private static final int STEPS = 4;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (HyperCase c : HyperCases.all()) {
            for (int[] group : KernelAgreement.GROUPS) {
                all.add(Arguments.of(c, Arrays.toString(group), group, false));
            }
            all.add(Arguments.of(c, "[257, 3] with NaN, ±Infinity, ±0, subnormals", new int[] {257, 3}, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void equalsTheReferenceBitForBit(HyperCase c, String label, int[] sizes, boolean specials) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        KernelAgreement.assertOptimizerAgrees(cuda, c, sizes, specials, STEPS);
    }
}

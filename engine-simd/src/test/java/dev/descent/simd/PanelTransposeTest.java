package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The GEMM's in-register transposing pack writes exactly the panel the scalar loop writes: every row
 * count of both panel heights, column counts with and without a tail of {@code kc mod 8}, at offsets into
 * a larger buffer whose other elements must stay untouched.
 */
class PanelTransposeTest {

    @Test
    void theTransposedPanelIsTheScalarLoopsBitForBit() {
        assumeTrue(PanelTranspose.APPLIES, "vectors narrower than 256 bits: the scalar loop packs");
        SplittableRandom random = new SplittableRandom(17);
        for (int stride : new int[] {8, 12, 16, FloatGemm.NR, FloatGemm.MR}) { // AVX2's and AVX-512's panels
            for (int count = 1; count <= stride; count++) {
                for (int kc : new int[] {1, 7, 8, 9, 16, 100, 196, 256}) {
                    float[] run = new float[PanelTranspose.runRows(stride) * kc];
                    for (int i = 0; i < count * kc; i++) {
                        run[i] = (float) random.nextGaussian();
                    }
                    int at = 5; // not aligned to a vector
                    float[] expected = new float[at + stride * kc + 11];
                    java.util.Arrays.fill(expected, Float.NaN); // what neither may touch
                    float[] actual = expected.clone();
                    java.util.Arrays.fill(run, count * kc, run.length, Float.NaN); // rows past count: any garbage
                    FloatGemm.interleaveScalar(run, count, kc, expected, at, stride);
                    PanelTranspose.interleave(run, count, kc, actual, at, stride);
                    assertArrayEquals(expected, actual, "stride " + stride + ", " + count + " rows, kc " + kc);
                }
            }
        }
    }
}

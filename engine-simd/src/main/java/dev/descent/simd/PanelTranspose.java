package dev.descent.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatGemm}'s transposing pack — runs of {@code kc} values, one per row of a micro-panel,
 * interleaved so that the panel holds, for each {@code l}, the rows' values side by side — done eight
 * by eight in 256-bit registers: eight loads, the 8 × 8 transpose in three stages of two-vector shuffles
 * (24 in all), eight stores, against 64 scalar stores scattered through the panel. The panel is a heap
 * array, so its packing needs not use the micro-kernel's vector width: 256 bits serve panels of 8, 12
 * and 16 rows (AVX2's and AVX-512's tiles) as blocks of eight rows and, in a panel of 12, its last
 * four rows as 4 × 4 blocks in 128-bit registers. Measured at 0.18 ns per element (16-row panels) and 0.28 (12-row)
 * against 0.62–0.76 for the scalar loop; the later epochs of 784-256-10 ran 4–5% faster
 * (docs/benchmarks.md). Where vectors are narrower than 256 bits the scalar loop packs.
 *
 * <p>The transpose: stage {@code d} (1, 2, 4) exchanges, between rows {@code i} and {@code i + d}
 * ({@code i & d = 0}), the elements whose column has bit {@code d} different from the row's; after the
 * three stages every element has swapped its row and column bits. Copies only: the panel is bit for bit
 * the scalar loop's.
 */
final class PanelTranspose {
    private PanelTranspose() {
    }

    /** Whether {@link #interleave} applies: a CPU whose vectors have at least 256 bits (AVX2, AVX-512). */
    static final boolean APPLIES = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    // Constants in fields of their own: C2 folds a static final shuffle, not an element of a static final array.
    private static final VectorShuffle<Float> LOW_1 = shuffle(S, 1, true);
    private static final VectorShuffle<Float> HIGH_1 = shuffle(S, 1, false);
    private static final VectorShuffle<Float> LOW_2 = shuffle(S, 2, true);
    private static final VectorShuffle<Float> HIGH_2 = shuffle(S, 2, false);
    private static final VectorShuffle<Float> LOW_4 = shuffle(S, 4, true);
    private static final VectorShuffle<Float> HIGH_4 = shuffle(S, 4, false);

    /** 128-bit lanes for the last four rows of a 12-row panel, and their two stages. */
    private static final VectorSpecies<Float> S4 = FloatVector.SPECIES_128;
    private static final VectorShuffle<Float> LOW4_1 = shuffle(S4, 1, true);
    private static final VectorShuffle<Float> HIGH4_1 = shuffle(S4, 1, false);
    private static final VectorShuffle<Float> LOW4_2 = shuffle(S4, 2, true);
    private static final VectorShuffle<Float> HIGH4_2 = shuffle(S4, 2, false);

    /**
     * The shuffle of stage {@code d} in {@code species} for the row with bit {@code d} clear ({@code low}) or set: lane {@code c}
     * keeps its own row's element or, where {@code c}'s bit {@code d} differs from the row's, takes the
     * partner row's element at {@code c ∓ d} (an index {@code ≥ L} selects from the second vector).
     */
    private static VectorShuffle<Float> shuffle(VectorSpecies<Float> species, int d, boolean low) {
        if (!APPLIES) {
            return null;
        }
        int n = species.length();
        int[] lanes = new int[n];
        for (int c = 0; c < n; c++) {
            boolean set = (c & d) != 0;
            lanes[c] = low ? (set ? c - d + n : c) : (set ? c + n : c + d);
        }
        return VectorShuffle.fromValues(species, lanes);
    }

    /** The rows {@code run} must have room for, for a panel of {@code stride} rows: a multiple of 8. */
    static int runRows(int stride) {
        return (stride + L - 1) / L * L;
    }

    /**
     * {@code panel[at + l·stride + h] ← run[h·kc + l]} for {@code h < count} and 0 for
     * {@code count ≤ h < stride}, {@code l < kc}; {@code run} has room for {@link #runRows}{@code (stride)}
     * runs, and the ones from {@code count} on are zeroed here, so that every block of eight rows is
     * loaded without a condition. Rows past the last multiple of 8 (rows 8 … 11 of a 12-row panel) go
     * the scalar way. Everything is written out in this one method: a vector chosen between a load and a
     * zero, or passed to a helper the JIT declines to inline into a method this large, costs it a box —
     * ten times slower (measured). Only when {@link #APPLIES}.
     */
    static void interleave(float[] run, int count, int kc, float[] panel, int at, int stride) {
        java.util.Arrays.fill(run, count * kc, runRows(stride) * kc, 0);
        int h0 = 0;
        for (; h0 + L <= stride; h0 += L) {
            int from = h0 * kc;
            int l = 0;
            for (; l + L <= kc; l += L) {
                int f = from + l;
                FloatVector r0 = FloatVector.fromArray(S, run, f);
                FloatVector r1 = FloatVector.fromArray(S, run, f + kc);
                FloatVector r2 = FloatVector.fromArray(S, run, f + 2 * kc);
                FloatVector r3 = FloatVector.fromArray(S, run, f + 3 * kc);
                FloatVector r4 = FloatVector.fromArray(S, run, f + 4 * kc);
                FloatVector r5 = FloatVector.fromArray(S, run, f + 5 * kc);
                FloatVector r6 = FloatVector.fromArray(S, run, f + 6 * kc);
                FloatVector r7 = FloatVector.fromArray(S, run, f + 7 * kc);
                // d = 1
                FloatVector s0 = r0.rearrange(LOW_1, r1);
                FloatVector s1 = r0.rearrange(HIGH_1, r1);
                FloatVector s2 = r2.rearrange(LOW_1, r3);
                FloatVector s3 = r2.rearrange(HIGH_1, r3);
                FloatVector s4 = r4.rearrange(LOW_1, r5);
                FloatVector s5 = r4.rearrange(HIGH_1, r5);
                FloatVector s6 = r6.rearrange(LOW_1, r7);
                FloatVector s7 = r6.rearrange(HIGH_1, r7);
                // d = 2
                FloatVector t0 = s0.rearrange(LOW_2, s2);
                FloatVector t2 = s0.rearrange(HIGH_2, s2);
                FloatVector t1 = s1.rearrange(LOW_2, s3);
                FloatVector t3 = s1.rearrange(HIGH_2, s3);
                FloatVector t4 = s4.rearrange(LOW_2, s6);
                FloatVector t6 = s4.rearrange(HIGH_2, s6);
                FloatVector t5 = s5.rearrange(LOW_2, s7);
                FloatVector t7 = s5.rearrange(HIGH_2, s7);
                // d = 4: column j of the block is panel row l + j
                int to = at + l * stride + h0;
                t0.rearrange(LOW_4, t4).intoArray(panel, to);
                t1.rearrange(LOW_4, t5).intoArray(panel, to + stride);
                t2.rearrange(LOW_4, t6).intoArray(panel, to + 2 * stride);
                t3.rearrange(LOW_4, t7).intoArray(panel, to + 3 * stride);
                t0.rearrange(HIGH_4, t4).intoArray(panel, to + 4 * stride);
                t1.rearrange(HIGH_4, t5).intoArray(panel, to + 5 * stride);
                t2.rearrange(HIGH_4, t6).intoArray(panel, to + 6 * stride);
                t3.rearrange(HIGH_4, t7).intoArray(panel, to + 7 * stride);
            }
            copy(run, kc, panel, at, stride, h0, h0 + L, l); // the last kc mod 8 columns
        }
        int l = 0;
        if (stride - h0 == 4) { // rows 8 … 11 of a 12-row panel: 4 × 4 blocks in 128-bit registers, two stages
            int from = h0 * kc;
            for (; l + 4 <= kc; l += 4) {
                int f = from + l;
                FloatVector r0 = FloatVector.fromArray(S4, run, f);
                FloatVector r1 = FloatVector.fromArray(S4, run, f + kc);
                FloatVector r2 = FloatVector.fromArray(S4, run, f + 2 * kc);
                FloatVector r3 = FloatVector.fromArray(S4, run, f + 3 * kc);
                FloatVector s0 = r0.rearrange(LOW4_1, r1);
                FloatVector s1 = r0.rearrange(HIGH4_1, r1);
                FloatVector s2 = r2.rearrange(LOW4_1, r3);
                FloatVector s3 = r2.rearrange(HIGH4_1, r3);
                int to = at + l * stride + h0;
                s0.rearrange(LOW4_2, s2).intoArray(panel, to);
                s1.rearrange(LOW4_2, s3).intoArray(panel, to + stride);
                s0.rearrange(HIGH4_2, s2).intoArray(panel, to + 2 * stride);
                s1.rearrange(HIGH4_2, s3).intoArray(panel, to + 3 * stride);
            }
        }
        copy(run, kc, panel, at, stride, h0, stride, l); // what no block covered: nothing, or a tail of columns
    }

    /** {@code panel[at + l·stride + h] ← run[h·kc + l]} for rows {@code h0 ≤ h < h1} and columns {@code l0 ≤ l < kc}. */
    private static void copy(float[] run, int kc, float[] panel, int at, int stride, int h0, int h1, int l0) {
        for (int l = l0; l < kc; l++) {
            for (int h = h0; h < h1; h++) {
                panel[at + l * stride + h] = run[h * kc + l];
            }
        }
    }
}

package dev.descent.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MiniBatchSampler}: epochs that cover every example once, seeded and reproducible. */
class MiniBatchSamplerTest {

    @Test
    void eachEpochCoversEveryExampleOnceWithAShorterLastBatch() {
        MiniBatchSampler s = new MiniBatchSampler(10, 4, 42);
        assertEquals(3, s.batchesPerEpoch());
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[10];
            int[] sizes = new int[3];
            for (int b = 0; b < 3; b++) {
                int[] batch = s.next();
                assertEquals(epoch, s.epoch());
                sizes[b] = batch.length;
                for (int i : batch) {
                    seen[i]++;
                }
            }
            assertTrue(s.atEpochEnd());
            assertArrayEquals(new int[] {4, 4, 2}, sizes);
            int[] once = new int[10];
            Arrays.fill(once, 1);
            assertArrayEquals(once, seen, "epoch " + epoch);
        }
    }

    @Test
    void theSequenceDependsOnlyOnTheSeedAndEpochsAreShuffled() {
        MiniBatchSampler a = new MiniBatchSampler(50, 50 / 5, 7);
        MiniBatchSampler b = new MiniBatchSampler(50, 50 / 5, 7);
        MiniBatchSampler c = new MiniBatchSampler(50, 50 / 5, 8);
        boolean differs = false;
        for (int i = 0; i < 10; i++) {
            int[] x = a.next();
            assertArrayEquals(x, b.next());
            differs |= !Arrays.equals(x, c.next());
        }
        assertTrue(differs, "another seed, another order");
    }

    @Test
    void aSamplerStartedAtEpochKHandsOutWhatTheUninterruptedOneDoesAfterKEpochs() {
        // Resuming a run at epoch k must see the same batches: epoch k's permutation is a function of
        // (seed, k) only, not of the k permutations drawn before it.
        MiniBatchSampler straight = new MiniBatchSampler(23, 5, 11);
        for (int i = 0; i < 3 * straight.batchesPerEpoch(); i++) {
            straight.next();
        }
        MiniBatchSampler resumed = new MiniBatchSampler(23, 5, 11, 3);
        for (int i = 0; i < 2 * straight.batchesPerEpoch(); i++) {
            assertArrayEquals(straight.next(), resumed.next(), "batch " + i + " after 3 epochs");
            assertEquals(straight.epoch(), resumed.epoch());
        }
        assertEquals(4, resumed.epoch());
    }

    @Test
    void epochsHaveDistinctPermutationsAndEpochZeroIsSeededWithTheSeed() {
        List<List<Integer>> epochs = new ArrayList<>();
        MiniBatchSampler s = new MiniBatchSampler(40, 40 / 4, 5);
        for (int e = 0; e < 6; e++) {
            List<Integer> order = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                for (int i : s.next()) {
                    order.add(i);
                }
            }
            epochs.add(order);
        }
        assertEquals(6, new HashSet<>(epochs).size(), "six epochs, six different orders: " + epochs);
        assertEquals(5, MiniBatchSampler.epochSeed(5, 0), "epoch 0 is seeded with the seed itself");
        assertFalse(MiniBatchSampler.epochSeed(5, 1) == MiniBatchSampler.epochSeed(5, 2)
                || MiniBatchSampler.epochSeed(5, 1) == MiniBatchSampler.epochSeed(6, 1));
    }

    @Test
    void onlineAndFullBatch() {
        MiniBatchSampler online = new MiniBatchSampler(5, 1, 1);
        assertEquals(5, online.batchesPerEpoch());
        assertEquals(1, online.next().length);
        MiniBatchSampler full = new MiniBatchSampler(5, 5, 1);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, full.next());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, full.next(), "full batch: always all examples, in order");
        assertEquals(1, full.epoch());
        assertFalse(new MiniBatchSampler(5, 2, 1).atEpochEnd());
    }

    @Test
    void rejectsBadSizes() {
        assertEquals("batch size = 0 is invalid: must be in [1, 5] (the number of examples)",
                assertThrows(IllegalArgumentException.class, () -> new MiniBatchSampler(5, 0, 1)).getMessage());
        assertEquals("batch size = 6 is invalid: must be in [1, 5] (the number of examples)",
                assertThrows(IllegalArgumentException.class, () -> new MiniBatchSampler(5, 6, 1)).getMessage());
        assertEquals("first epoch = -1 is invalid: must be ≥ 0",
                assertThrows(IllegalArgumentException.class, () -> new MiniBatchSampler(5, 2, 1, -1)).getMessage());
        assertEquals("a sampler needs at least one example, got 0",
                assertThrows(IllegalArgumentException.class, () -> new MiniBatchSampler(0, 1, 1)).getMessage());
    }
}

package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The choice of curvature samples: its size, its determinism, and a new sample per draw. */
class CurvatureSampleTest {

    private static final int[] BLOCKS = {7, 3, 65536, 1, 65537, 0, 2, 4, 5, 6}; // any numbers, any order

    @Test
    void aSampleIsTheFractionOfTheBlocksSortedAndNeverEmpty() {
        CurvatureSample s = new CurvatureSample(0.3, 42);
        int[] chosen = s.choose(BLOCKS, 0);
        assertEquals(3, chosen.length);
        int[] sorted = chosen.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, chosen, "sorted, for a binary search in the executors");
        for (int b : chosen) {
            assertTrue(Arrays.stream(BLOCKS).anyMatch(x -> x == b), b + " is a block");
        }
        assertEquals(1, new CurvatureSample(0.01, 42).choose(BLOCKS, 0).length, "at least one block");
        assertEquals(BLOCKS.length, CurvatureSample.ALL.choose(BLOCKS, 5).length);
    }

    @Test
    void theSameSeedAndDrawChooseTheSameBlocksAndAnotherDrawOthers() {
        CurvatureSample s = new CurvatureSample(0.5, 9);
        assertArrayEquals(s.choose(BLOCKS, 3), new CurvatureSample(0.5, 9).choose(BLOCKS.clone(), 3));
        boolean differs = false;
        for (int draw = 1; draw < 5; draw++) {
            differs |= !Arrays.equals(s.choose(BLOCKS, 0), s.choose(BLOCKS, draw));
        }
        assertTrue(differs, "a new draw is a new sample");
        assertFalse(Arrays.equals(s.choose(BLOCKS, 0), new CurvatureSample(0.5, 10).choose(BLOCKS, 0))
                && Arrays.equals(s.choose(BLOCKS, 1), new CurvatureSample(0.5, 10).choose(BLOCKS, 1)),
                "another seed, other samples");
        assertThrows(IllegalArgumentException.class, () -> new CurvatureSample(0, 1));
    }
}

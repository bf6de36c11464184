package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The partition of a call's tensors into tasks: complete, aligned, bounded and packed across tensors. */
class ChunksTest {

    @Test
    void everyElementIsInExactlyOnePieceAndPiecesStartOnChunkBoundaries() {
        long[] sizes = {0, 5, 3L * Chunks.CHUNK + 17, 1, Chunks.CHUNK, 0, 40_000, 40_000};
        Chunks chunks = Chunks.of(sizes);
        int[][] seen = new int[sizes.length][];
        for (int t = 0; t < sizes.length; t++) {
            seen[t] = new int[(int) sizes[t]];
        }
        for (int task = 0; task < chunks.tasks(); task++) {
            long[] elements = {0};
            chunks.forEachPiece(task, (tensor, from, to) -> {
                assertEquals(0, from % Chunks.CHUNK, "a piece starts on a chunk boundary");
                assertTrue(from < to && to <= sizes[tensor], "piece [" + from + ", " + to + ") of " + sizes[tensor]);
                for (long i = from; i < to; i++) {
                    seen[tensor][(int) i]++;
                }
                elements[0] += to - from;
            });
            assertTrue(elements[0] <= Chunks.CHUNK, "task " + task + " holds " + elements[0] + " elements");
        }
        for (int[] s : seen) {
            assertTrue(Arrays.stream(s).allMatch(c -> c == 1), "every element exactly once");
        }
    }

    @Test
    void manySmallTensorsArePackedIntoFewTasks() {
        long[] sizes = new long[1000];
        Arrays.fill(sizes, 10_000);
        Chunks chunks = Chunks.of(sizes);
        // six tensors of 10⁴ fit in one task of 2¹⁶ elements
        assertEquals((1000 + 5) / 6, chunks.tasks());
    }

    @Test
    void noElementsMeansNoTasks() {
        assertEquals(0, Chunks.of(new long[] {0, 0}).tasks());
        assertEquals(0, Chunks.of(new long[0]).tasks());
    }
}

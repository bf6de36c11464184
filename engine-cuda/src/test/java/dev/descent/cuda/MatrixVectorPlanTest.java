package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The matrix-vector geometry depends on the shape only, covers every row, and bounds its scratch and its depth. */
class MatrixVectorPlanTest {

    @Test
    void rowGroupsAreEightRowsEach() {
        assertEquals(8, MatrixVectorPlan.ROWS_PER_BLOCK);
        assertEquals(1, MatrixVectorPlan.rowGroups(1));
        assertEquals(1, MatrixVectorPlan.rowGroups(8));
        assertEquals(2, MatrixVectorPlan.rowGroups(9));
    }

    @Test
    void smallMatricesHaveOneSegmentAndSoTheReferencesSum() {
        assertEquals(1, MatrixVectorPlan.segments(1, 1));
        assertEquals(1, MatrixVectorPlan.segments(64, 3));
        assertEquals(64, MatrixVectorPlan.segmentRows(64, 3));
        assertEquals(64, MatrixVectorPlan.matTransposeVecDepth(64, 3));
        // wide enough to fill the GPU with columns alone: one segment however tall
        assertEquals(1, MatrixVectorPlan.segments(1_000_000, 1 << 18));
    }

    @Test
    void segmentsCoverEveryRowAndBoundTheScratch() {
        long[][] shapes = {{65, 2}, {130, 257}, {1000, 100}, {1_000_000, 10}, {100_000, 1000}, {7, 1 << 20},
            {1L << 31, 3}};
        for (long[] s : shapes) {
            long rows = s[0];
            long cols = s[1];
            int segments = MatrixVectorPlan.segments(rows, cols);
            long segmentRows = MatrixVectorPlan.segmentRows(rows, cols);
            String shape = rows + " × " + cols;
            assertTrue(segments >= 1 && (segments - 1) * segmentRows < rows && segments * segmentRows >= rows,
                    shape + ": every segment holds rows, together all of them");
            assertTrue(segments == 1 || segmentRows >= MatrixVectorPlan.MIN_SEGMENT_ROWS / 2, shape + ": segments are not tiny");
            assertTrue((long) segments * cols <= MatrixVectorPlan.TARGET_THREADS + cols, shape + ": scratch of "
                    + segments + " × " + cols + " partials");
            assertEquals(segmentRows + segments - 1, MatrixVectorPlan.matTransposeVecDepth(rows, cols));
        }
        assertThrows(IllegalArgumentException.class, () -> MatrixVectorPlan.segments(0, 3));
        assertThrows(IllegalArgumentException.class, () -> MatrixVectorPlan.segments(3, 0));
    }

    @Test
    void matVecDepthIsTheLanesSumAndTheWarpTree() {
        assertEquals(1 + 5, MatrixVectorPlan.matVecDepth(1));
        assertEquals(1 + 5, MatrixVectorPlan.matVecDepth(32));
        assertEquals(2 + 5, MatrixVectorPlan.matVecDepth(33));
        assertEquals(32 + 5, MatrixVectorPlan.matVecDepth(1024));
    }

    @Test
    void columnTilesAreABlockWide() {
        assertEquals(1, MatrixVectorPlan.columnTiles(1));
        assertEquals(1, MatrixVectorPlan.columnTiles(256));
        assertEquals(2, MatrixVectorPlan.columnTiles(257));
    }
}

package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Transfers in whole-element chunks, with long arithmetic: more than 2 GiB is nothing special. */
class TransferPlanTest {

    @Test
    void chunksHoldWholeElements() {
        assertEquals(2 * 1024 * 1024, TransferPlan.chunkElements(PinnedStaging.HALF_BYTES, 4));
        assertEquals(1024 * 1024, TransferPlan.chunkElements(PinnedStaging.HALF_BYTES, 8));
        assertEquals(1, TransferPlan.chunkElements(8, 8));
        assertEquals(1, TransferPlan.chunkElements(12, 8)); // never half an element
        assertThrows(IllegalArgumentException.class, () -> TransferPlan.chunkElements(4, 8));
    }

    @Test
    void chunksCoverEveryElementOnceEvenBeyondTwoGibibytes() {
        long elements = 700_000_001L; // 2.8 GB of float32, 5.6 GB of float64
        int chunk = TransferPlan.chunkElements(PinnedStaging.HALF_BYTES, 8);
        long chunks = TransferPlan.chunks(elements, chunk);
        assertEquals((elements + chunk - 1) / chunk, chunks);
        long covered = 0;
        for (long k = 0; k < chunks; k++) {
            assertEquals(covered, TransferPlan.first(k, chunk));
            int count = TransferPlan.count(k, elements, chunk);
            assertEquals(k < chunks - 1 ? chunk : elements - (chunks - 1) * chunk, count);
            covered += count;
        }
        assertEquals(elements, covered);
        assertEquals(8L * elements, 8L * TransferPlan.first(chunks - 1, chunk) + 8L * TransferPlan.count(chunks - 1, elements, chunk));
    }

    @Test
    void emptyTransfersHaveNoChunks() {
        assertEquals(0, TransferPlan.chunks(0, 1024));
        assertEquals(1, TransferPlan.chunks(1, 1024));
        assertEquals(1, TransferPlan.chunks(1024, 1024));
        assertEquals(2, TransferPlan.chunks(1025, 1024));
    }
}

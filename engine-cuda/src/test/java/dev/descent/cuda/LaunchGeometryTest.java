package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Grid sizes: never more blocks than the work needs, never more than are resident, always at least one. */
class LaunchGeometryTest {

    @Test
    void blockMatchesTheKernels() {
        assertEquals(256, LaunchGeometry.BLOCK); // kBlock in descent.cuh; KernelSourcesTest reads it from there
    }

    @Test
    void perItemGridIsOneBlockPerItemUpToTheResidentGrid() {
        assertEquals(1, LaunchGeometry.perItem(1, 132, 4));
        assertEquals(125, LaunchGeometry.perItem(125, 132, 4)); // 1000 rows of A·x, 8 a block
        assertEquals(528, LaunchGeometry.perItem(1L << 40, 132, 4));
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.perItem(0, 132, 4));
    }

    @Test
    void fusedGridIsOneBlockPerChunkUpToTheResidentGrid() {
        // an H200: 132 multiprocessors; a kernel of 56 registers keeps 4 blocks of 256 threads resident
        assertEquals(1, LaunchGeometry.fused(1, 132, 4));
        assertEquals(100, LaunchGeometry.fused(100, 132, 4));
        assertEquals(528, LaunchGeometry.fused(528, 132, 4));
        assertEquals(528, LaunchGeometry.fused(12_208, 132, 4)); // 1e8 elements: 12 208 chunks of 8192
        assertEquals(528, LaunchGeometry.fused(Integer.MAX_VALUE, 132, 4));
        assertEquals(132, LaunchGeometry.fused(1_000_000, 132, 0)); // occupancy unknown: one per multiprocessor
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.fused(0, 132, 4));
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.fused(10, 0, 4));
    }

    @Test
    void elementwiseGridCoversEveryVectorOnceOrLoops() {
        assertEquals(1, LaunchGeometry.elementwise(1, 4, true, 132, 8));
        assertEquals(1, LaunchGeometry.elementwise(1024, 4, true, 132, 8)); // 256 float4
        assertEquals(2, LaunchGeometry.elementwise(1028, 4, true, 132, 8)); // 257 float4
        assertEquals(5, LaunchGeometry.elementwise(1028, 4, false, 132, 8)); // element at a time
        assertEquals(4, LaunchGeometry.elementwise(2048, 2, true, 132, 8)); // 1024 double2
        assertEquals(1056, LaunchGeometry.elementwise(1L << 40, 4, true, 132, 8)); // grid-stride beyond 2^31 elements
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.elementwise(0, 4, true, 132, 8));
    }

    @Test
    void residentGridNeverOverflows() {
        assertEquals(Integer.MAX_VALUE, LaunchGeometry.residentGrid(Integer.MAX_VALUE, 4));
        assertEquals(4, LaunchGeometry.residentGrid(2, 2));
    }
}

package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * FloatGemm's tile follows the CPU — two vectors wide with 16 float lanes (AVX-512's 32 registers), one
 * otherwise — unless {@code descent.gemmVectors} chooses, as the build's second run of the products' tests
 * does to test the other tile on the same machine.
 */
class GemmTileTest {

    @Test
    void theTileIsTheCpusOrTheOneAsked() {
        String asked = System.getProperty("descent.gemmVectors");
        int expected = "1".equals(asked) || "2".equals(asked) ? Integer.parseInt(asked) : Lanes.LENGTH >= 16 ? 2 : 1;
        assertEquals(expected, FloatGemm.VECTORS, "descent.gemmVectors = " + asked + ", " + Lanes.LENGTH + " lanes");
        assertEquals(expected * Lanes.LENGTH, FloatGemm.NR);
    }
}

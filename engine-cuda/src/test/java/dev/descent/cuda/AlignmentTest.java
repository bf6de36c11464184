package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float4/double2 choice: every present operand 16-byte aligned; absent ones (0) do not count. */
class AlignmentTest {

    @Test
    void everyOperandMustBeSixteenByteAligned() {
        assertTrue(Alignment.vectorizable(0x7f00_0000_0000L, 0x7f00_0000_0100L));
        assertTrue(Alignment.vectorizable(16, 32, 48));
        assertFalse(Alignment.vectorizable(16, 36)); // one float past an aligned address
        assertFalse(Alignment.vectorizable(8)); // doubles: 8-byte aligned is not enough
        assertTrue(Alignment.vectorizable(256, 0, 512, 0)); // absent slots
        assertTrue(Alignment.vectorizable());
    }

    @Test
    void lanesPerVector() {
        assertEquals(4, Alignment.lanes(4));
        assertEquals(2, Alignment.lanes(8));
        assertThrows(IllegalArgumentException.class, () -> Alignment.lanes(2));
    }
}

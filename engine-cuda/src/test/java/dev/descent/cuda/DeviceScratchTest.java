package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The reused scratch allocates once, grows at least twofold, and frees what it outgrows. */
class DeviceScratchTest extends EmulatedBackendTestBase {

    @Test
    void growsByAtLeastDoublingAndFreesTheOldAllocation() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        int live = device.liveAllocations();
        DeviceScratch scratch = new DeviceScratch(device, "test scratch");
        assertEquals(0, scratch.bytes());
        long first = scratch.atLeast(100);
        assertEquals(100, scratch.bytes());
        assertEquals(first, scratch.atLeast(64), "enough already: the same allocation");
        scratch.atLeast(150);
        assertEquals(200, scratch.bytes(), "grown to twice the old size");
        scratch.atLeast(1000);
        assertEquals(1000, scratch.bytes(), "grown to what is needed when that is more");
        assertEquals(live + 1, device.liveAllocations(), "the outgrown allocations are freed");
        assertThrows(IllegalArgumentException.class, () -> scratch.atLeast(0));
        device.free(scratch.atLeast(1));
    }
}

package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kernel.KernelLayout;
import dev.descent.tensor.DType;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The fused step's table: the byte layout {@code multi_tensor.cuh} reads, a chunk map that covers every
 * element of every tensor exactly once, and the per-tensor float4 choice.
 */
class TensorTableTest {

    private static long[] slots(long... addresses) {
        long[] row = new long[KernelLayout.maxSlots()];
        System.arraycopy(addresses, 0, row, 0, addresses.length);
        return row;
    }

    /**
     * kMaxSlots (10: vSGD-fd on mini-batches) addresses, the size, the float4 flag, the master's address
     * and the low-precision type: 14 words per tensor.
     */
    @Test
    void layoutIsFourteenWordsPerTensorThenTwoIntsPerChunk() {
        long[][] addresses = {slots(0x1000, 0x2000, 0x3000), slots(0x4004, 0x5000, 0x6000)};
        TensorTable t = TensorTable.build(addresses, new long[] {10, 8193});
        assertEquals(10, KernelLayout.maxSlots());
        assertEquals(112, TensorTable.ENTRY_BYTES);
        assertEquals(2, t.tensors());
        assertEquals(1 + 2, t.chunks());
        assertEquals(224, t.chunkMapOffset());
        assertEquals(224 + 3 * 8, t.bytes().byteSize());
        var le = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        var li = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x1000, t.bytes().get(le, 0));
        assertEquals(0x3000, t.bytes().get(le, 16));
        assertEquals(0, t.bytes().get(le, 24)); // absent slot
        assertEquals(0, t.bytes().get(le, 72)); // the last, absent slot
        assertEquals(10, t.bytes().get(le, 80)); // size
        assertEquals(1, t.bytes().get(le, 88)); // vectorized
        assertEquals(0, t.bytes().get(le, 96)); // no master
        assertEquals(0, t.bytes().get(le, 104)); // float32
        assertEquals(0x4004, t.bytes().get(le, 112));
        assertEquals(8193, t.bytes().get(le, 192));
        assertEquals(0, t.bytes().get(le, 200)); // 0x4004 is not 16-byte aligned
        assertArrayEquals(new int[] {0, 0, 1, 0, 1, 1}, new int[] {
            t.bytes().get(li, 224), t.bytes().get(li, 228), t.bytes().get(li, 232), t.bytes().get(li, 236),
            t.bytes().get(li, 240), t.bytes().get(li, 244)});
    }

    /** A low-precision parameter's entry names its master and type and is never vectorized (it moves 2-byte elements). */
    @Test
    void aMasterWeightEntryHoldsTheMasterAndTheTypeAndIsNotVectorized() {
        TensorTable t = TensorTable.build(new long[][] {slots(256, 512, 768), slots(1024, 1280), slots(1536, 1792)},
                new long[] {4, 4, 4}, new long[] {2048, 2304, 0}, new DType[] {DType.BFLOAT16, DType.FLOAT16, null});
        assertEquals(2048, t.master(0));
        assertEquals(1, t.half(0));
        assertEquals(2, t.half(1));
        assertEquals(0, t.half(2));
        assertFalse(t.vectorized(0));
        assertFalse(t.vectorized(1));
        assertTrue(t.vectorized(2));
        assertThrows(IllegalArgumentException.class, () -> TensorTable.halfCode(DType.FLOAT64));
    }

    @Test
    void chunkMapCoversEveryElementOnceAsTheKernelWalksIt() {
        long[] sizes = {0, 1, 8191, 8192, 8193, 3 * 8192 + 5, 0, 4};
        long[][] addresses = new long[sizes.length][];
        for (int t = 0; t < sizes.length; t++) {
            addresses[t] = slots(0x10000L * (t + 1), 0x10000L * (t + 1) + 0x8000);
        }
        TensorTable table = TensorTable.build(addresses, sizes);
        long[] seen = new long[sizes.length];
        // The kernel: chunk c covers [chunk * 8192, min(chunk * 8192 + 8192, size)) of its tensor.
        for (int c = 0; c < table.chunks(); c++) {
            int t = table.chunkTensor(c);
            long start = (long) table.chunkIndex(c) * TensorTable.CHUNK_ELEMENTS;
            long end = Math.min(start + TensorTable.CHUNK_ELEMENTS, table.size(t));
            assertEquals(seen[t], start, "chunks of tensor " + t + " are consecutive");
            assertTrue(end > start, "no empty chunk");
            seen[t] = end;
        }
        assertArrayEquals(sizes, seen);
        long expectedChunks = 0;
        for (long n : sizes) {
            expectedChunks += TensorTable.chunksOf(n);
        }
        assertEquals(expectedChunks, table.chunks());
    }

    @Test
    void aTensorIsVectorizedOnlyIfEveryPresentSlotIsAligned() {
        TensorTable t = TensorTable.build(new long[][] {
            slots(256, 512, 768, 0, 1024), slots(256, 512, 772), slots(256, 520)}, new long[] {4, 4, 4});
        assertTrue(t.vectorized(0));
        assertFalse(t.vectorized(1));
        assertFalse(t.vectorized(2));
        assertEquals(772, t.address(1, 2));
    }

    @Test
    void emptyGroupsHaveNoChunks() {
        TensorTable t = TensorTable.build(new long[][] {slots(256, 512)}, new long[] {0});
        assertEquals(0, t.chunks());
        assertEquals(TensorTable.ENTRY_BYTES, t.bytes().byteSize());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TensorTable.build(new long[][] {slots(1)}, new long[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> TensorTable.build(new long[][] {new long[3]}, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> TensorTable.build(new long[][] {slots(1)}, new long[] {-1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorTable.build(
                new long[][] {slots(256)}, new long[] {(long) TensorTable.CHUNK_ELEMENTS * Integer.MAX_VALUE + 1}));
        assertTrue(e.getMessage().contains("chunks"), e.getMessage());
    }

    @Test
    void theTableIsReadOnly() {
        TensorTable t = TensorTable.build(new long[][] {slots(256)}, new long[] {1});
        assertTrue(t.bytes().isReadOnly());
    }
}

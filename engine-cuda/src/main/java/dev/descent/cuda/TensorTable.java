package dev.descent.cuda;

import dev.descent.kernel.KernelLayout;
import dev.descent.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The table a fused optimizer step reads ({@code multi_tensor.cuh}): one {@code TensorEntry} per tensor
 * of the group (its slots' device addresses, its size, whether it may move in {@code float4}), then the
 * chunk map, one {@code ChunkRef} ({@code tensor}, {@code chunk}) per {@value #CHUNK_ELEMENTS}-element
 * chunk, tensor after tensor. Built on the host, uploaded once per group and cached
 * ({@link GroupTables}).
 *
 * <p>Layout, little-endian: entry {@code t} at byte {@code 112·t} holds fourteen 64-bit words, the
 * {@link KernelLayout#maxSlots()} addresses (0 for an absent slot), the size, the vectorized flag, the
 * address of a low-precision parameter's float32 master (0 for none) and the type code of its
 * low-precision parameter and gradient ({@link #halfCode}: 0 for float32); the chunk map starts at
 * {@link #chunkMapOffset()}, eight bytes per chunk (two 32-bit ints).
 */
final class TensorTable {

    /** Elements per chunk ({@code kChunkElements}); a multiple of 4, so that chunks of aligned tensors are aligned. */
    static final int CHUNK_ELEMENTS = 8192;

    /** Bytes of one {@code TensorEntry}. */
    static final int ENTRY_BYTES = 8 * (KernelLayout.maxSlots() + 4);

    /** Bytes of one {@code ChunkRef}. */
    static final int CHUNK_REF_BYTES = 8;

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment bytes;
    private final int tensors;
    private final int chunks;

    private TensorTable(MemorySegment bytes, int tensors, int chunks) {
        this.bytes = bytes;
        this.tensors = tensors;
        this.chunks = chunks;
    }

    /**
     * The table of tensors whose slot {@code s} of tensor {@code t} lives at {@code addresses[t][s]}
     * (0: absent) and which hold {@code sizes[t]} elements each.
     */
    static TensorTable build(long[][] addresses, long[] sizes) {
        return build(addresses, sizes, new long[sizes.length], new DType[sizes.length]);
    }

    /**
     * The table of tensors as {@link #build(long[][], long[])} has them, tensor {@code t}'s parameter and
     * gradient of {@code halves[t]} (null or float32: none) with its float32 master at {@code masters[t]}.
     */
    static TensorTable build(long[][] addresses, long[] sizes, long[] masters, DType[] halves) {
        if (addresses.length != sizes.length || masters.length != sizes.length || halves.length != sizes.length) {
            throw new IllegalArgumentException(addresses.length + " address rows for " + sizes.length + " sizes");
        }
        long chunkCount = 0;
        for (int t = 0; t < sizes.length; t++) {
            if (sizes[t] < 0) {
                throw new IllegalArgumentException("tensor " + t + " has " + sizes[t] + " elements");
            }
            if (addresses[t].length != KernelLayout.maxSlots()) {
                throw new IllegalArgumentException("tensor " + t + " has " + addresses[t].length + " slots, not "
                        + KernelLayout.maxSlots());
            }
            chunkCount += chunksOf(sizes[t]);
        }
        if (chunkCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a parameter group of " + chunkCount + " chunks of " + CHUNK_ELEMENTS
                    + " elements is more than one launch can map (" + Integer.MAX_VALUE + ")");
        }
        int tensors = sizes.length;
        int chunks = (int) chunkCount;
        MemorySegment bytes = MemorySegment.ofArray(new long[Math.toIntExact(
                ((long) tensors * ENTRY_BYTES + (long) chunks * CHUNK_REF_BYTES) / 8)]);
        long at = 0;
        for (int t = 0; t < tensors; t++) {
            for (long address : addresses[t]) {
                bytes.set(WORD, at, address);
                at += 8;
            }
            int half = halfCode(halves[t]);
            bytes.set(WORD, at, sizes[t]);
            bytes.set(WORD, at + 8, half == 0 && Alignment.vectorizable(addresses[t]) ? 1 : 0);
            bytes.set(WORD, at + 16, masters[t]);
            bytes.set(WORD, at + 24, half);
            at += 32;
        }
        for (int t = 0; t < tensors; t++) {
            long n = chunksOf(sizes[t]);
            for (int c = 0; c < n; c++) {
                bytes.set(INT, at, t);
                bytes.set(INT, at + 4, c);
                at += CHUNK_REF_BYTES;
            }
        }
        return new TensorTable(bytes, tensors, chunks);
    }

    /** The code of {@code dtype} in an entry ({@code half_floats.cuh}): 0 for float32 (or null), 1 bfloat16, 2 float16. */
    static int halfCode(DType dtype) {
        if (dtype == null || dtype == DType.FLOAT32) {
            return 0;
        }
        return switch (dtype) {
            case BFLOAT16 -> 1;
            case FLOAT16 -> 2;
            default -> throw new IllegalArgumentException("no tensor-table code for " + dtype.label());
        };
    }

    /** The chunks of a tensor of {@code size} elements: {@code ceil(size / CHUNK_ELEMENTS)}. */
    static long chunksOf(long size) {
        return Math.ceilDiv(size, CHUNK_ELEMENTS);
    }

    /** The number of tensors. */
    int tensors() {
        return tensors;
    }

    /** The number of chunks; 0 when every tensor is empty (nothing to launch). */
    int chunks() {
        return chunks;
    }

    /** Where the chunk map starts, in bytes from the table's start (a multiple of 8). */
    long chunkMapOffset() {
        return (long) tensors * ENTRY_BYTES;
    }

    /** The whole table, read-only, as it is uploaded. */
    MemorySegment bytes() {
        return bytes.asReadOnly();
    }

    /** Address of slot {@code slot} of tensor {@code t}, as written. */
    long address(int t, int slot) {
        return bytes.get(WORD, (long) t * ENTRY_BYTES + 8L * slot);
    }

    /** Size of tensor {@code t}, as written. */
    long size(int t) {
        return bytes.get(WORD, (long) t * ENTRY_BYTES + 8L * KernelLayout.maxSlots());
    }

    /** Whether tensor {@code t} is marked for {@code float4} access. */
    boolean vectorized(int t) {
        return bytes.get(WORD, (long) t * ENTRY_BYTES + 8L * KernelLayout.maxSlots() + 8) != 0;
    }

    /** The master address of tensor {@code t}, as written. */
    long master(int t) {
        return bytes.get(WORD, (long) t * ENTRY_BYTES + 8L * KernelLayout.maxSlots() + 16);
    }

    /** The type code of tensor {@code t}'s parameter and gradient, as written. */
    long half(int t) {
        return bytes.get(WORD, (long) t * ENTRY_BYTES + 8L * KernelLayout.maxSlots() + 24);
    }

    /** The tensor of chunk {@code c}. */
    int chunkTensor(int c) {
        return bytes.get(INT, chunkMapOffset() + (long) c * CHUNK_REF_BYTES);
    }

    /** The index of chunk {@code c} within its tensor. */
    int chunkIndex(int c) {
        return bytes.get(INT, chunkMapOffset() + (long) c * CHUNK_REF_BYTES + 4);
    }
}

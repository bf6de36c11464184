package dev.descent.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The small device array through which a multi-tensor vector operation receives its tensors
 * ({@code operand_table.cuh}): one {@value #RECORD_BYTES}-byte record per operand, so that one launch
 * takes any number of tensors without a kernel parameter per tensor. A linear combination's record is
 * a {@code Term} (the tensor's device address, its coefficient as a double); a dot product's is a
 * {@code DotPair} (the device addresses of its two tensors). Built on the host and uploaded for each
 * call.
 *
 * <p>Layout, little-endian: record {@code r} at byte {@code 16·r}, two 64-bit words.
 */
final class OperandTable {

    /** Bytes of one record. */
    static final int RECORD_BYTES = 16;

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment bytes;

    private OperandTable(MemorySegment bytes) {
        this.bytes = bytes;
    }

    /** The terms {@code coefficients[k]·(tensor at addresses[k])} of a linear combination, in order. */
    static OperandTable terms(long[] addresses, double[] coefficients) {
        if (addresses.length != coefficients.length || addresses.length == 0) {
            throw new IllegalArgumentException(addresses.length + " addresses for " + coefficients.length
                    + " coefficients");
        }
        long[] second = new long[coefficients.length];
        for (int k = 0; k < second.length; k++) {
            second[k] = Double.doubleToRawLongBits(coefficients[k]);
        }
        return of(addresses, second);
    }

    /** The dot products {@code (tensor at first[p])·(tensor at second[p])}, in order. */
    static OperandTable dotPairs(long[] first, long[] second) {
        if (first.length != second.length || first.length == 0) {
            throw new IllegalArgumentException(first.length + " and " + second.length + " operands of dot products");
        }
        return of(first, second);
    }

    private static OperandTable of(long[] first, long[] second) {
        MemorySegment bytes = MemorySegment.ofArray(new long[2 * first.length]);
        for (int r = 0; r < first.length; r++) {
            bytes.set(WORD, (long) r * RECORD_BYTES, first[r]);
            bytes.set(WORD, (long) r * RECORD_BYTES + 8, second[r]);
        }
        return new OperandTable(bytes);
    }

    /** The number of records. */
    int records() {
        return (int) (bytes.byteSize() / RECORD_BYTES);
    }

    /** The first word of record {@code r}: a tensor's address. */
    long first(int r) {
        return bytes.get(WORD, (long) r * RECORD_BYTES);
    }

    /** The second word of record {@code r}: a coefficient's bits or the second tensor's address. */
    long second(int r) {
        return bytes.get(WORD, (long) r * RECORD_BYTES + 8);
    }

    /** The whole table, read-only, as it is uploaded. */
    MemorySegment bytes() {
        return bytes.asReadOnly();
    }
}

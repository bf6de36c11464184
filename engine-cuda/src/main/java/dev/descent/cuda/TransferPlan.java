package dev.descent.cuda;

/**
 * How a host↔device copy is cut into chunks that fit a staging buffer: whole elements only, so that
 * a chunk can be converted (float ↔ double) on its own, and long arithmetic throughout, so that
 * transfers of more than 2 GiB (or 2³¹ elements) are as ordinary as small ones.
 */
final class TransferPlan {

    private TransferPlan() {
    }

    /** Elements of {@code elementBytes} bytes that fit in {@code stagingBytes}; at least one. */
    static int chunkElements(long stagingBytes, int elementBytes) {
        if (elementBytes < 1 || stagingBytes < elementBytes) {
            throw new IllegalArgumentException("a staging buffer of " + stagingBytes + " bytes cannot hold an element of "
                    + elementBytes + " bytes");
        }
        return (int) Math.min(Integer.MAX_VALUE, stagingBytes / elementBytes);
    }

    /** The number of chunks of at most {@code chunkElements} that cover {@code elements}. */
    static long chunks(long elements, int chunkElements) {
        if (elements < 0 || chunkElements < 1) {
            throw new IllegalArgumentException(elements + " elements in chunks of " + chunkElements);
        }
        return Math.ceilDiv(elements, chunkElements);
    }

    /** The first element of chunk {@code k}. */
    static long first(long k, int chunkElements) {
        return k * chunkElements;
    }

    /** The elements of chunk {@code k} of a copy of {@code elements}. */
    static int count(long k, long elements, int chunkElements) {
        return (int) Math.min(chunkElements, elements - k * chunkElements);
    }
}

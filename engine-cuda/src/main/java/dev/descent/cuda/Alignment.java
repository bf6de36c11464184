package dev.descent.cuda;

/**
 * Whether a kernel may move its data in 16-byte vectors ({@code float4}, {@code double2}): every
 * address it touches must be 16-byte aligned. Whole allocations always are ({@code cuMemAlloc} aligns
 * to 256 bytes), so this decides only for ranges that start inside one.
 */
final class Alignment {

    /** The width of one vector load or store. */
    static final int VECTOR_BYTES = 16;

    private Alignment() {
    }

    /** True if every non-zero address is a multiple of {@value #VECTOR_BYTES} (0 marks an absent operand). */
    static boolean vectorizable(long... addresses) {
        for (long a : addresses) {
            if (a != 0 && a % VECTOR_BYTES != 0) {
                return false;
            }
        }
        return true;
    }

    /** Elements of {@code elementBytes} bytes per 16-byte vector: 4 floats or 2 doubles. */
    static int lanes(int elementBytes) {
        if (elementBytes != 4 && elementBytes != 8) {
            throw new IllegalArgumentException("elements of " + elementBytes + " bytes");
        }
        return VECTOR_BYTES / elementBytes;
    }
}

package dev.descent.cuda;

/**
 * The type of one kernel parameter as the launch passes it: a device address, a 32- or 64-bit
 * integer, a float, a double, or a struct of 4-byte fields (an optimizer step's coefficients).
 */
enum ParamKind {
    /** A device pointer: 8 bytes. */
    ADDRESS(1, 8),
    /** {@code int} or {@code unsigned}: 4 bytes. */
    I32(2, 4),
    /** {@code long long}: 8 bytes. */
    I64(3, 8),
    /** {@code float}: 4 bytes. */
    F32(4, 4),
    /** {@code double}: 8 bytes. */
    F64(5, 8),
    /** A struct passed by value, its size given by the launch. */
    STRUCT(6, -1);

    private final int code;
    private final int bytes;

    ParamKind(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The kind's number in the test emulator's wire format. */
    int code() {
        return code;
    }

    /** The size in bytes, or -1 for a struct (its size is the struct's). */
    int bytes() {
        return bytes;
    }
}

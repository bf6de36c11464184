package dev.descent.cuda;

/**
 * A device allocation the backend reuses from call to call (partial sums, operand tables), grown when
 * a call needs more. Reuse is safe without waiting: work runs in the order it was issued, so a later
 * call's writes come after the earlier call's reads; growing frees the old allocation, which
 * {@link Device#free} does only once the work queued before has finished with it.
 */
final class DeviceScratch {

    private final Device device;
    private final String what;
    private long address;
    private long bytes;

    /** An empty scratch on {@code device}; {@code what} names it in out-of-memory messages. */
    DeviceScratch(Device device, String what) {
        this.device = device;
        this.what = what;
    }

    /**
     * The address of at least {@code needed} (> 0) bytes, allocated on first use and reallocated, at
     * least doubling, when {@code needed} exceeds what is held; the contents are undefined after a growth.
     */
    long atLeast(long needed) {
        if (needed < 1) {
            throw new IllegalArgumentException("scratch of " + needed + " bytes for " + what);
        }
        if (needed > bytes) {
            long grown = Math.max(needed, 2 * bytes);
            if (address != 0) {
                device.free(address);
                address = 0;
                bytes = 0;
            }
            address = device.allocate(grown, what);
            bytes = grown;
        }
        return address;
    }

    /** The bytes held (0 before first use). */
    long bytes() {
        return bytes;
    }
}

package dev.descent.cuda;

/**
 * The GPU has not enough free memory for an allocation. The message names what was being allocated,
 * the bytes requested and the bytes free at the time ({@code cuMemGetInfo}).
 */
public final class CudaOutOfMemoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final long freeBytes;

    /**
     * @param what what was being allocated ("tensor 'fc1.weight'")
     * @param requestedBytes the size of the failed allocation
     * @param freeBytes the free device memory, or -1 if the driver could not tell
     * @param totalBytes the device memory, or -1 if the driver could not tell
     * @param device the device, in words
     */
    public CudaOutOfMemoryException(String what, long requestedBytes, long freeBytes, long totalBytes, String device) {
        super("out of GPU memory: " + what + " needs " + requestedBytes + " bytes ("
                + mib(requestedBytes) + ") but only " + (freeBytes < 0 ? "an unknown number of" : freeBytes + " ("
                + mib(freeBytes) + ")") + " bytes are free"
                + (totalBytes < 0 ? "" : " of " + totalBytes + " (" + mib(totalBytes) + ")") + " on " + device);
        this.requestedBytes = requestedBytes;
        this.freeBytes = freeBytes;
    }

    /** The size of the allocation that failed. */
    public long requestedBytes() {
        return requestedBytes;
    }

    /** The free device memory when it failed, or -1 if unknown. */
    public long freeBytes() {
        return freeBytes;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}

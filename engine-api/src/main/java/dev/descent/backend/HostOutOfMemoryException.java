package dev.descent.backend;

import java.util.Locale;

/**
 * A CPU backend could not allocate a tensor's memory: more than the machine has (checked before
 * allocating), or the allocation failed (off-heap: the operating system refused; on the heap: the
 * Java heap is full). The message names the tensor, its shape and dtype, the bytes requested and the
 * limit; nothing was allocated, and the backend and every optimizer or objective on it stay usable.
 * The CUDA backend's counterpart is {@code CudaOutOfMemoryException}.
 */
public final class HostOutOfMemoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final long requestedBytes;

    /**
     * @param what what was being allocated ("tensor 'w.exp_avg' [1099511627776] float32")
     * @param requestedBytes the size of the failed allocation
     * @param where the kind of memory ("off-heap", "on the Java heap")
     * @param limit the limit, in words ("the machine has 25275703296 bytes of memory and swap"), or the
     *     failure's own message
     * @param cause the allocation's own error, or {@code null} when the size was refused before allocating
     */
    public HostOutOfMemoryException(String what, long requestedBytes, String where, String limit, Throwable cause) {
        super("out of host memory: " + what + " needs " + requestedBytes + " bytes (" + gib(requestedBytes) + ") "
                + where + ", but " + limit, cause);
        this.requestedBytes = requestedBytes;
    }

    /** The size of the allocation that failed. */
    public long requestedBytes() {
        return requestedBytes;
    }

    /** {@code bytes} in GiB, for messages. */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}

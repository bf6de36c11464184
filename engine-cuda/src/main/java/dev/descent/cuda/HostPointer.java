package dev.descent.cuda;

import jcuda.Pointer;

/**
 * A JCuda host {@link Pointer} that tells its address (JCuda keeps it in a protected field), or points
 * at a given address; {@link PinnedStaging} uses it to see its page-locked buffer as a
 * {@link java.lang.foreign.MemorySegment}.
 */
final class HostPointer extends Pointer {

    /** An empty pointer, for {@code cuMemHostAlloc} to set. */
    HostPointer() {
        super();
    }

    /** A pointer to host address {@code address}. */
    HostPointer(long address) {
        super(address);
    }

    /** The host address, or 0 if JCuda keeps it only in a buffer. */
    long address() {
        return getNativePointer() + getByteOffset();
    }
}

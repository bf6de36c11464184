package dev.descent.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * A {@link CUdeviceptr} that tells its address. JCuda keeps a device pointer's value in a protected
 * field; this subclass reads it after {@code cuMemAlloc} has set it, and makes a pointer to any
 * address as a byte offset from the null pointer (JCuda passes {@code pointer + byteOffset} to the
 * driver). Kernel parameters do not need it: they pass addresses as plain 64-bit values.
 */
final class DevicePointer extends CUdeviceptr {

    private static final CUdeviceptr ZERO = new CUdeviceptr();

    /** An empty pointer, for {@code cuMemAlloc} to set. */
    DevicePointer() {
        super();
    }

    /** A pointer to {@code address}. */
    DevicePointer(long address) {
        super(ZERO, address);
    }

    /** The device address this pointer stands for. */
    long address() {
        return getNativePointer() + getByteOffset();
    }
}

package dev.descent.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuMemHostAlloc;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;

/**
 * Two page-locked host buffers that every copy between Java memory and the GPU passes through: the
 * DMA engine copies only from and to pinned memory, and with two halves the CPU fills (or drains) one
 * while the GPU copies the other. Each half has an event recorded after its last copy, so the CPU
 * knows when it may touch the half again. Allocated once per device and kept for the process.
 */
final class PinnedStaging {

    /** Bytes of each half. */
    static final int HALF_BYTES = 8 << 20;

    private final Pointer[] pointers = new Pointer[2];
    private final MemorySegment[] halves = new MemorySegment[2];
    private final CUevent[] events = new CUevent[2];

    /** Allocates both halves and their events (JCuda exceptions enabled: a failure throws). */
    @SuppressWarnings("restricted") // a segment over the pinned memory JCuda allocated
    PinnedStaging() {
        HostPointer base = new HostPointer();
        long bytes = 2L * HALF_BYTES;
        cuMemHostAlloc(base, bytes, 0);
        long address = base.address();
        for (int h = 0; h < 2; h++) {
            long offset = (long) h * HALF_BYTES;
            if (address != 0) {
                pointers[h] = new HostPointer(address + offset);
                halves[h] = MemorySegment.ofAddress(address + offset).reinterpret(HALF_BYTES);
            } else { // JCuda kept the memory as a direct buffer only
                ByteBuffer buffer = base.getByteBuffer(offset, HALF_BYTES);
                if (buffer == null) {
                    throw new IllegalStateException("cuMemHostAlloc returned pinned memory JCuda gives no address for");
                }
                pointers[h] = base.withByteOffset(offset);
                halves[h] = MemorySegment.ofBuffer(buffer.order(ByteOrder.nativeOrder()));
            }
            events[h] = new CUevent();
            cuEventCreate(events[h], CUevent_flags.CU_EVENT_DISABLE_TIMING);
        }
    }

    /** Half {@code h} (0 or 1) as a JCuda host pointer. */
    Pointer pointer(int h) {
        return pointers[h];
    }

    /** Half {@code h} as a segment, for the CPU side of a copy. */
    MemorySegment half(int h) {
        return halves[h];
    }

    /** The event recorded after the last copy through half {@code h}. */
    CUevent event(int h) {
        return events[h];
    }
}

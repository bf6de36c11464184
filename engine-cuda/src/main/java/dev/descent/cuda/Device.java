package dev.descent.cuda;

import java.lang.foreign.MemorySegment;

/**
 * What the CUDA backend needs from a GPU: memory, copies, launches. {@link JCudaDevice} is the real
 * one (the CUDA driver API through JCuda); the tests also run the backend on an emulator that executes
 * the same kernel sources on the CPU. Addresses are device addresses as plain numbers.
 *
 * <p>Work is ordered: every call runs after the calls before it, as on one CUDA stream. Launches and
 * device-side copies may return before the work is done; {@link #upload}, {@link #download} and
 * {@link #free} return once it is safe to reuse the host memory or the freed range. Implementations
 * need not be thread-safe: {@link CudaBackend} serialises every call.
 */
interface Device {

    /** Fills one chunk of an upload: {@code count} elements starting at element {@code first}. */
    @FunctionalInterface
    interface ChunkWriter {
        /** Writes the elements, in the device's layout (the tensor's dtype, native byte order), into {@code chunk}. */
        void write(MemorySegment chunk, long first, int count);
    }

    /** Takes one chunk of a download: {@code count} elements starting at element {@code first}. */
    @FunctionalInterface
    interface ChunkReader {
        /** Reads the elements, in the device's layout, out of {@code chunk}. */
        void read(MemorySegment chunk, long first, int count);
    }

    /** The device, in words, for messages ("NVIDIA H200, compute capability 9.0, driver CUDA 13.0"). */
    String description();

    /** The number of streaming multiprocessors. */
    int multiprocessors();

    /** How many blocks of {@link LaunchGeometry#BLOCK} threads of {@code kernel} fit on one multiprocessor at once. */
    int residentBlocks(Kernel kernel);

    /**
     * Allocates {@code bytes} (> 0) of device memory, aligned to at least 256 bytes, contents undefined.
     * Throws {@link CudaOutOfMemoryException} naming {@code what} when the device is full.
     */
    long allocate(long bytes, String what);

    /** Frees an allocation, after the work queued before has finished with it. */
    void free(long address);

    /** Copies {@code elements} elements of {@code elementBytes} bytes each to {@code address}, chunk by chunk. */
    void upload(long address, long elements, int elementBytes, ChunkWriter writer);

    /** Copies {@code elements} elements of {@code elementBytes} bytes each from {@code address}, chunk by chunk. */
    void download(long address, long elements, int elementBytes, ChunkReader reader);

    /** Copies {@code bytes} bytes between device ranges that do not overlap. */
    void copy(long source, long target, long bytes);

    /** Sets {@code count} 32-bit words at {@code address} to {@code word}. */
    void fill32(long address, int word, long count);

    /** Launches {@code params.kernel()} on {@code grid} blocks of {@link LaunchGeometry#BLOCK} threads. */
    void launch(int grid, KernelParams params);
}

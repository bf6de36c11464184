package dev.descent.cpu;

import dev.descent.backend.HostOutOfMemoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU tensors' memory accounting ({@link dev.descent.backend.HostMemory} reads it) and the
 * machine's memory, which an off-heap allocation may not exceed: the JVM would otherwise ask the
 * operating system for it, and with overcommit the zero-filling of pages that do not exist ends in
 * the kernel's OOM killer rather than an exception.
 */
public final class CpuMemory {
    private static final AtomicLong ALLOCATIONS = new AtomicLong();
    private static final AtomicLong FREES = new AtomicLong();
    private static final AtomicLong OFF_HEAP = new AtomicLong();
    private static final AtomicLong HEAP = new AtomicLong();
    /** Physical memory plus swap in bytes (Linux, /proc/meminfo), or -1 where it cannot be read. */
    private static final long MACHINE = machineBytes();

    private CpuMemory() {
    }

    /** Tensors allocated since the JVM started. */
    public static long allocations() {
        return ALLOCATIONS.get();
    }

    /** Allocated tensors closed since the JVM started. */
    public static long frees() {
        return FREES.get();
    }

    /** Bytes of open off-heap tensors. */
    public static long offHeapBytes() {
        return OFF_HEAP.get();
    }

    /** Bytes of open heap tensors. */
    public static long heapBytes() {
        return HEAP.get();
    }

    static void allocated(boolean offHeap, long bytes) {
        ALLOCATIONS.incrementAndGet();
        (offHeap ? OFF_HEAP : HEAP).addAndGet(bytes);
    }

    static void freed(boolean offHeap, long bytes) {
        FREES.incrementAndGet();
        (offHeap ? OFF_HEAP : HEAP).addAndGet(-bytes);
    }

    /** Throws, naming {@code what}, when {@code bytes} off-heap are more than the machine's memory and swap. */
    static void requireOffHeapFits(String what, long bytes) {
        if (MACHINE > 0 && bytes > MACHINE) {
            throw new HostOutOfMemoryException(what, bytes, "off-heap", "the machine has " + MACHINE + " bytes ("
                    + HostOutOfMemoryException.gib(MACHINE) + ") of memory and swap", null);
        }
    }

    private static long machineBytes() {
        try {
            long total = 0;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:") || line.startsWith("SwapTotal:")) {
                    total += 1024 * Long.parseLong(line.replaceAll("[^0-9]", "")); // "MemTotal:  24683792 kB"
                }
            }
            return total > 0 ? total : -1;
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux: the allocation's own failure is the only check
        }
    }
}

package dev.descent.cuda;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Device} backed by the kernel emulator: a child process that owns "device" memory and runs
 * launches of the real kernel sources on the CPU (see {@code emulator.cpp} for the protocol). Small on
 * purpose, so that the backend's loops are exercised: {@value #MULTIPROCESSORS} multiprocessors of
 * {@value #RESIDENT} resident blocks each (grids of at most 4 blocks, so every grid-stride loop goes
 * round), and a staging buffer of {@value #STAGING_BYTES} bytes (so every transfer of more than 512
 * doubles is cut into chunks). An optional memory cap makes allocations fail as a full GPU's would.
 */
final class EmulatedDevice implements Device, AutoCloseable {

    static final int MULTIPROCESSORS = 2;
    static final int RESIDENT = 2;
    static final int STAGING_BYTES = 4096;

    private final Process process;
    private final Path stderr;
    private final DataInputStream in;
    private final OutputStream out;
    private final long capacity;
    private final Map<Long, Long> allocations = new HashMap<>();
    private long allocated;
    private int launches;
    private long largestDownload;
    private long largestUpload;

    private EmulatedDevice(Process process, Path stderr, long capacity) {
        this.process = process;
        this.stderr = stderr;
        this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.capacity = capacity;
    }

    /** A device with no memory cap, or empty if the emulator cannot be built here. */
    static Optional<EmulatedDevice> start() {
        return start(Long.MAX_VALUE);
    }

    /** A device that fails allocations beyond {@code capacity} bytes in all. */
    static Optional<EmulatedDevice> start(long capacity) {
        Optional<Path> exe = Emulator.binary();
        if (exe.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path log = Files.createTempFile("emulator", ".stderr");
            ProcessBuilder pb = new ProcessBuilder(exe.get().toString()).redirectError(log.toFile());
            pb.environment().put("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0");
            return Optional.of(new EmulatedDevice(pb.start(), log, capacity));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the emulator: " + e.getMessage(), e);
        }
    }

    /** Live allocations, for leak checks. */
    int liveAllocations() {
        return allocations.size();
    }

    /** Launches so far. */
    int launches() {
        return launches;
    }

    /** The most elements one download (device to host) has moved since the last {@link #resetTransferRecords()}. */
    long largestDownload() {
        return largestDownload;
    }

    /** The most elements one upload (host to device) has moved since the last {@link #resetTransferRecords()}. */
    long largestUpload() {
        return largestUpload;
    }

    /** Starts a new record of the largest transfers. */
    void resetTransferRecords() {
        largestDownload = 0;
        largestUpload = 0;
    }

    /** The kernels the emulator knows, each with its parameter kinds as the C++ signature has them. */
    Map<String, List<String>> kernelSignatures() {
        begin(8);
        Map<String, List<String>> all = new HashMap<>();
        int count = readInt();
        for (int i = 0; i < count; i++) {
            String name = readString();
            int params = readInt();
            List<String> kinds = new ArrayList<>();
            for (int k = 0; k < params; k++) {
                int kind = readByte();
                int size = readInt();
                kinds.add(ParamKind.values()[kind - 1] + ":" + size);
            }
            all.put(name, kinds);
        }
        return all;
    }

    @Override
    public String description() {
        return "the kernel emulator (" + MULTIPROCESSORS + " multiprocessors)";
    }

    @Override
    public int multiprocessors() {
        return MULTIPROCESSORS;
    }

    @Override
    public int residentBlocks(Kernel kernel) {
        return RESIDENT;
    }

    @Override
    public long allocate(long bytes, String what) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("allocation of " + bytes + " bytes for " + what);
        }
        if (allocated + bytes > capacity) {
            throw new CudaOutOfMemoryException(what, bytes, capacity - allocated, capacity, description());
        }
        begin(1, le(8).putLong(bytes));
        long address = readLong();
        allocations.put(address, bytes);
        allocated += bytes;
        return address;
    }

    @Override
    public void free(long address) {
        Long bytes = allocations.remove(address);
        if (bytes == null) {
            throw new IllegalStateException("free of " + address + ", which this device did not allocate");
        }
        allocated -= bytes;
        begin(2, le(8).putLong(address));
    }

    @Override
    public void upload(long address, long elements, int elementBytes, ChunkWriter writer) {
        largestUpload = Math.max(largestUpload, elements);
        int chunk = TransferPlan.chunkElements(STAGING_BYTES, elementBytes);
        long chunks = TransferPlan.chunks(elements, chunk);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(STAGING_BYTES, 16);
            for (long k = 0; k < chunks; k++) {
                int count = TransferPlan.count(k, elements, chunk);
                long bytes = (long) count * elementBytes;
                staging.fill((byte) 0x5A); // leftovers of the previous chunk must not leak into this one
                writer.write(staging.asSlice(0, bytes), TransferPlan.first(k, chunk), count);
                byte[] data = staging.asSlice(0, bytes).toArray(ValueLayout.JAVA_BYTE);
                begin(3, le(16).putLong(address + TransferPlan.first(k, chunk) * elementBytes).putLong(bytes), data);
            }
        }
    }

    @Override
    public void download(long address, long elements, int elementBytes, ChunkReader reader) {
        largestDownload = Math.max(largestDownload, elements);
        int chunk = TransferPlan.chunkElements(STAGING_BYTES, elementBytes);
        long chunks = TransferPlan.chunks(elements, chunk);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(STAGING_BYTES, 16);
            for (long k = 0; k < chunks; k++) {
                int count = TransferPlan.count(k, elements, chunk);
                long bytes = (long) count * elementBytes;
                begin(4, le(16).putLong(address + TransferPlan.first(k, chunk) * elementBytes).putLong(bytes));
                byte[] data = readBytes((int) bytes);
                MemorySegment.copy(MemorySegment.ofArray(data), 0, staging, 0, bytes);
                reader.read(staging.asSlice(0, bytes), TransferPlan.first(k, chunk), count);
            }
        }
    }

    @Override
    public void copy(long source, long target, long bytes) {
        begin(5, le(24).putLong(source).putLong(target).putLong(bytes));
    }

    @Override
    public void fill32(long address, int word, long count) {
        begin(6, le(20).putLong(address).putInt(word).putLong(count));
    }

    @Override
    public void launch(int grid, KernelParams params) {
        List<KernelParams.Param> list = params.complete();
        byte[] name = params.kernel().symbol().getBytes(StandardCharsets.US_ASCII);
        int size = 4 + name.length + 12;
        for (KernelParams.Param p : list) {
            size += 5 + bytes(p);
        }
        ByteBuffer b = le(size).putInt(name.length).put(name).putInt(grid).putInt(LaunchGeometry.BLOCK).putInt(list.size());
        for (KernelParams.Param p : list) {
            b.put((byte) p.kind().code()).putInt(bytes(p));
            switch (p.kind()) {
                case ADDRESS, I64, F64 -> b.putLong(p.bits());
                case I32, F32 -> b.putInt((int) p.bits());
                case STRUCT -> {
                    for (int w : p.words()) {
                        b.putInt(w);
                    }
                }
            }
        }
        launches++;
        begin(7, b);
    }

    @Override
    public void close() {
        try {
            out.write(0);
            out.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a temp file
        }
    }

    private static int bytes(KernelParams.Param p) {
        return p.kind() == ParamKind.STRUCT ? 4 * p.words().length : p.kind().bytes();
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Sends a request and reads its status; throws with the emulator's message or its crash report. */
    private void begin(int op, ByteBuffer operands, byte[]... data) {
        try {
            out.write(op);
            if (operands != null) {
                out.write(operands.array(), 0, operands.position());
            }
            for (byte[] d : data) {
                out.write(d);
            }
            out.flush();
            int status = in.read();
            if (status < 0) {
                throw new EOFException();
            }
            if (status != 0) {
                throw new IllegalStateException("emulator: " + readString());
            }
        } catch (IOException e) {
            throw died(e);
        }
    }

    private void begin(int op) {
        begin(op, null);
    }

    private IllegalStateException died(IOException e) {
        String report;
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            report = Files.readString(stderr);
        } catch (IOException | InterruptedException x) {
            report = "(no report: " + x + ")";
        }
        return new IllegalStateException("the emulator died (" + e + "):\n" + report, e);
    }

    private int readByte() {
        try {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        } catch (IOException e) {
            throw died(e);
        }
    }

    private int readInt() {
        return ByteBuffer.wrap(readBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private long readLong() {
        return ByteBuffer.wrap(readBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private String readString() {
        return new String(readBytes(readInt()), StandardCharsets.UTF_8);
    }

    private byte[] readBytes(int n) {
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (IOException e) {
            throw died(e);
        }
        return b;
    }
}

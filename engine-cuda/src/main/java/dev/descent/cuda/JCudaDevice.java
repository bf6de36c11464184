package dev.descent.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuOccupancyMaxActiveBlocksPerMultiprocessor;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;

/**
 * A GPU through the CUDA driver API (JCuda's {@code jcuda.driver}; the runtime API and NVRTC are never
 * touched: their JCuda bindings need CUDA 12 libraries, and the driver is all Descent needs).
 *
 * <p>It uses the device's primary context, made current on every calling thread before each call,
 * and the legacy default stream for everything, so all work is ordered as it was issued. Copies
 * between the host and the device go through {@link PinnedStaging}; launches pass every parameter as
 * its raw bytes. {@link #open} reports any failure as a reason (with the driver's error name) instead
 * of throwing; once a device is open, JCuda's exceptions are on and failures throw
 * {@link IllegalStateException} naming what failed.
 */
final class JCudaDevice implements Device {

    /** The legacy default stream. */
    private static final CUstream DEFAULT_STREAM = null;

    private final CUcontext context;
    private final String description;
    private final int multiprocessors;
    private final Map<Kernel, CUfunction> functions;
    private final Map<Kernel, Integer> resident;
    private PinnedStaging staging; // on the first transfer

    private JCudaDevice(CUcontext context, String description, int multiprocessors, Map<Kernel, CUfunction> functions,
            Map<Kernel, Integer> resident) {
        this.context = context;
        this.description = description;
        this.multiprocessors = multiprocessors;
        this.functions = functions;
        this.resident = resident;
    }

    /** Why a device cannot be opened, in words for {@code descent backends}. */
    static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String reason) {
            super(reason);
        }
    }

    /**
     * Opens device {@code ordinal}: initialises the driver, retains the primary context and loads every
     * kernel module of {@code images}. Runs with JCuda's exceptions off and checks every result, so
     * that each failure becomes a reason naming the driver's error.
     */
    static JCudaDevice open(int ordinal, KernelImages images) throws UnavailableException {
        check(cuInit(0), "cuInit");
        int[] value = new int[1];
        check(cuDriverGetVersion(value), "cuDriverGetVersion");
        int driverVersion = value[0];
        check(cuDeviceGetCount(value), "cuDeviceGetCount");
        int count = value[0];
        if (count == 0) {
            throw new UnavailableException("no CUDA device (" + CUresult.stringFor(CUresult.CUDA_ERROR_NO_DEVICE) + ")");
        }
        if (ordinal < 0 || ordinal >= count) {
            throw new UnavailableException(CudaRuntime.DEVICE_PROPERTY + " = " + ordinal + " but this machine has "
                    + count + " CUDA device" + (count == 1 ? "" : "s"));
        }
        CUdevice device = new CUdevice();
        check(cuDeviceGet(device, ordinal), "cuDeviceGet");
        byte[] nameBytes = new byte[256];
        check(cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        String name = cString(nameBytes);
        int major = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int multiprocessors = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        String description = name + ", compute capability " + major + "." + minor + ", driver CUDA "
                + driverVersion / 1000 + "." + (driverVersion % 1000) / 10;

        CUcontext context = new CUcontext();
        check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain on " + description);
        Map<String, CUmodule> modules = new LinkedHashMap<>();
        try {
            check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            for (String module : images.modules()) {
                CUmodule m = new CUmodule();
                int r = cuModuleLoadData(m, images.image(module));
                if (r != CUresult.CUDA_SUCCESS) {
                    throw new UnavailableException(description + " cannot load the kernels (" + module + ".fatbin): "
                            + CUresult.stringFor(r) + loadHint(r, images));
                }
                modules.put(module, m);
            }
            Map<Kernel, CUfunction> functions = new HashMap<>();
            Map<Kernel, Integer> resident = new HashMap<>();
            for (Kernel k : Kernel.values()) {
                CUmodule m = modules.get(k.module());
                if (m == null) {
                    throw new UnavailableException("the shipped kernels have no module '" + k.module() + "' for "
                            + k.symbol());
                }
                CUfunction f = new CUfunction();
                check(cuModuleGetFunction(f, m, k.symbol()), "cuModuleGetFunction " + k.symbol());
                functions.put(k, f);
                int[] blocks = new int[1];
                int r = cuOccupancyMaxActiveBlocksPerMultiprocessor(blocks, f, LaunchGeometry.BLOCK, 0);
                resident.put(k, r == CUresult.CUDA_SUCCESS ? Math.max(1, blocks[0]) : 1);
            }
            return new JCudaDevice(context, description, multiprocessors, functions, resident);
        } catch (UnavailableException | RuntimeException | Error e) {
            for (CUmodule m : modules.values()) {
                cuModuleUnload(m);
            }
            cuDevicePrimaryCtxRelease(device);
            throw e;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int multiprocessors() {
        return multiprocessors;
    }

    @Override
    public int residentBlocks(Kernel kernel) {
        return resident.get(kernel);
    }

    @Override
    public long allocate(long bytes, String what) {
        enter();
        DevicePointer p = new DevicePointer();
        try {
            cuMemAlloc(p, bytes);
        } catch (CudaException e) {
            if (isError(e, CUresult.CUDA_ERROR_OUT_OF_MEMORY)) {
                long[] free = {-1};
                long[] total = {-1};
                try {
                    cuMemGetInfo(free, total);
                } catch (CudaException ignored) {
                    // the message says "unknown"
                }
                throw new CudaOutOfMemoryException(what, bytes, free[0], total[0], description);
            }
            throw failure("cuMemAlloc of " + bytes + " bytes for " + what, e);
        }
        return p.address();
    }

    @Override
    public void free(long address) {
        enter();
        try {
            cuStreamSynchronize(DEFAULT_STREAM); // the memory may still be in use by queued work
            cuMemFree(new DevicePointer(address));
        } catch (CudaException e) {
            throw failure("cuMemFree", e);
        }
    }

    @Override
    public void upload(long address, long elements, int elementBytes, ChunkWriter writer) {
        if (elements == 0) {
            return;
        }
        enter();
        PinnedStaging s = staging();
        int chunk = TransferPlan.chunkElements(PinnedStaging.HALF_BYTES, elementBytes);
        long chunks = TransferPlan.chunks(elements, chunk);
        try {
            for (long k = 0; k < chunks; k++) {
                int h = (int) (k & 1);
                int count = TransferPlan.count(k, elements, chunk);
                long bytes = (long) count * elementBytes;
                if (k >= 2) {
                    cuEventSynchronize(s.event(h)); // the copy out of this half two chunks ago is done
                }
                writer.write(s.half(h).asSlice(0, bytes), TransferPlan.first(k, chunk), count);
                cuMemcpyHtoDAsync(new DevicePointer(address + TransferPlan.first(k, chunk) * elementBytes), s.pointer(h),
                        bytes, DEFAULT_STREAM);
                cuEventRecord(s.event(h), DEFAULT_STREAM);
            }
            cuEventSynchronize(s.event((int) ((chunks - 1) & 1))); // both halves free again
        } catch (CudaException e) {
            throw failure("copy of " + elements * elementBytes + " bytes to the GPU", e);
        }
    }

    @Override
    public void download(long address, long elements, int elementBytes, ChunkReader reader) {
        if (elements == 0) {
            return;
        }
        enter();
        PinnedStaging s = staging();
        int chunk = TransferPlan.chunkElements(PinnedStaging.HALF_BYTES, elementBytes);
        long chunks = TransferPlan.chunks(elements, chunk);
        try {
            startDownload(s, address, elements, elementBytes, chunk, 0);
            for (long k = 0; k < chunks; k++) {
                if (k + 1 < chunks) { // the other half was drained in the previous round
                    startDownload(s, address, elements, elementBytes, chunk, k + 1);
                }
                int h = (int) (k & 1);
                int count = TransferPlan.count(k, elements, chunk);
                cuEventSynchronize(s.event(h));
                reader.read(s.half(h).asSlice(0, (long) count * elementBytes), TransferPlan.first(k, chunk), count);
            }
        } catch (CudaException e) {
            throw failure("copy of " + elements * elementBytes + " bytes from the GPU", e);
        }
    }

    @Override
    public void copy(long source, long target, long bytes) {
        enter();
        try {
            cuMemcpyDtoDAsync(new DevicePointer(target), new DevicePointer(source), bytes, DEFAULT_STREAM);
        } catch (CudaException e) {
            throw failure("device-to-device copy of " + bytes + " bytes", e);
        }
    }

    @Override
    public void fill32(long address, int word, long count) {
        enter();
        try {
            cuMemsetD32Async(new DevicePointer(address), word, count, DEFAULT_STREAM);
        } catch (CudaException e) {
            throw failure("cuMemsetD32 of " + count + " words", e);
        }
    }

    @Override
    public void launch(int grid, KernelParams params) {
        Kernel kernel = params.kernel();
        List<KernelParams.Param> list = params.complete();
        NativePointerObject[] values = new NativePointerObject[list.size()];
        for (int i = 0; i < values.length; i++) {
            KernelParams.Param p = list.get(i);
            values[i] = switch (p.kind()) {
                case ADDRESS, I64, F64 -> Pointer.to(new long[] {p.bits()});
                case I32, F32 -> Pointer.to(new int[] {(int) p.bits()});
                case STRUCT -> Pointer.to(p.words());
            };
        }
        enter();
        try {
            cuLaunchKernel(functions.get(kernel), grid, 1, 1, LaunchGeometry.BLOCK, 1, 1, 0, DEFAULT_STREAM,
                    Pointer.to(values), null);
        } catch (CudaException e) {
            throw failure("launch of " + kernel.symbol() + " on " + grid + " blocks of " + LaunchGeometry.BLOCK
                    + " threads", e);
        }
    }

    /**
     * Runs {@code work} {@code repetitions} times between two CUDA events and returns the GPU time per
     * repetition in milliseconds (for the benchmark).
     */
    float time(Runnable work, int repetitions) {
        enter();
        CUevent start = new CUevent();
        CUevent stop = new CUevent();
        cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT);
        cuEventCreate(stop, CUevent_flags.CU_EVENT_DEFAULT);
        try {
            cuEventRecord(start, DEFAULT_STREAM);
            for (int i = 0; i < repetitions; i++) {
                work.run();
            }
            enter();
            cuEventRecord(stop, DEFAULT_STREAM);
            cuEventSynchronize(stop);
            float[] ms = new float[1];
            cuEventElapsedTime(ms, start, stop);
            return ms[0] / repetitions;
        } finally {
            cuEventDestroy(start);
            cuEventDestroy(stop);
        }
    }

    /** Free and total device memory in bytes (for the benchmark's report). */
    long[] memoryInfo() {
        enter();
        long[] free = new long[1];
        long[] total = new long[1];
        cuMemGetInfo(free, total);
        return new long[] {free[0], total[0]};
    }

    private void startDownload(PinnedStaging s, long address, long elements, int elementBytes, int chunk, long k) {
        int h = (int) (k & 1);
        long bytes = (long) TransferPlan.count(k, elements, chunk) * elementBytes;
        cuMemcpyDtoHAsync(s.pointer(h), new DevicePointer(address + TransferPlan.first(k, chunk) * elementBytes), bytes,
                DEFAULT_STREAM);
        cuEventRecord(s.event(h), DEFAULT_STREAM);
    }

    private PinnedStaging staging() {
        if (staging == null) {
            try {
                staging = new PinnedStaging();
            } catch (CudaException e) {
                throw failure("cuMemHostAlloc of " + 2L * PinnedStaging.HALF_BYTES + " bytes of pinned staging memory", e);
            }
        }
        return staging;
    }

    /** Makes the primary context current on the calling thread (cheap; a thread-local in the driver). */
    private void enter() {
        cuCtxSetCurrent(context);
    }

    private IllegalStateException failure(String what, CudaException e) {
        return new IllegalStateException(what + " failed on " + description + ": " + e.getMessage(), e);
    }

    private static boolean isError(CudaException e, int code) {
        return CUresult.stringFor(code).equals(e.getMessage());
    }

    private static int attribute(CUdevice device, int attribute) throws UnavailableException {
        int[] v = new int[1];
        check(cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute " + attribute);
        return v[0];
    }

    private static void check(int result, String call) throws UnavailableException {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new UnavailableException(result == CUresult.CUDA_ERROR_NO_DEVICE
                    ? "no CUDA device (" + CUresult.stringFor(result) + ")"
                    : call + " failed: " + CUresult.stringFor(result));
        }
    }

    private static String loadHint(int result, KernelImages images) {
        if (result == CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU || result == CUresult.CUDA_ERROR_INVALID_SOURCE) {
            return " (the kernels are built for compute capability 7.5 and newer: " + images.nvccFlags() + ")";
        }
        if (result == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
            return " (nvcc " + images.nvccRelease() + " built the kernels; the driver must support that CUDA release)";
        }
        return "";
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}

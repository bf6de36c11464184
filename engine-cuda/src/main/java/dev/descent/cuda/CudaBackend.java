package dev.descent.cuda;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.NetworkKernels;
import dev.descent.backend.ObjectiveKernels;
import dev.descent.backend.OptimizerKernels;
import dev.descent.backend.VectorOps;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The CUDA backend: the reference backend's kernels on an NVIDIA GPU, through the CUDA driver API
 * (see the {@linkplain dev.descent.cuda package notes} for how they agree with the reference).
 *
 * <p>Tensors live in device memory ({@link CudaTensor}). An optimizer step is one kernel launch per
 * parameter group, whatever its number of tensors, and returns without waiting for the GPU; copies
 * back to the host and the reductions ({@code dot}, {@code norm2}, {@code maxAbs},
 * {@code hasNonFinite}, {@code dots}, {@code rosenbrock}, {@code logisticLoss}, which return values)
 * wait for the work queued before them, and so does {@code linearCombination}, whose small table of
 * tensors and coefficients is uploaded for each call. The objective kernels ({@code matVec},
 * {@code rosenbrock}, {@code logisticLoss}, ...) keep their operands on the device: a reduction
 * copies back its scalar result alone, and so do the network kernels ({@link CudaNetworkKernels}):
 * weights, activations and gradients stay on the device, only loss sums and counts return.
 * {@link #wrap} is not supported: a GPU cannot work in place on host memory. Instances are
 * thread-safe; calls are serialised, and each makes the backend's CUDA context current on the
 * calling thread.
 */
public final class CudaBackend implements Backend {

    /** The backend's name. */
    public static final String NAME = "cuda";

    private final Device device;
    private final GroupTables tables;
    private final OptimizerKernels optimizerKernels;
    private final VectorOps vectorOps;
    private final ObjectiveKernels objectiveKernels;
    private final NetworkKernels networkKernels;

    /** A backend on {@code device}. */
    CudaBackend(Device device) {
        this.device = Objects.requireNonNull(device, "device");
        this.tables = new GroupTables(device);
        CudaLaunches launches = new CudaLaunches(this, device);
        this.optimizerKernels = new CudaOptimizerKernels(this, device, tables, launches);
        this.vectorOps = new CudaVectors(this, launches);
        this.objectiveKernels = new CudaObjectiveKernels(this, launches);
        this.networkKernels = new CudaNetworkKernels(this, launches);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    /** The GPU, in words ("NVIDIA H200, compute capability 9.0, driver CUDA 13.0"). */
    public String deviceDescription() {
        return device.description();
    }

    /** The device this backend runs on (for the benchmark and tests). */
    Device device() {
        return device;
    }

    /** The number of parameter-group tables kept on the device (for tests). */
    synchronized int cachedTables() {
        return tables.size();
    }

    // ---- tensors -------------------------------------------------------------------------------

    @Override
    public synchronized Tensor allocate(String name, DType dtype, long... shape) {
        CudaTensor t = create(name, dtype, shape);
        if (t.byteSize() > 0) {
            device.fill32(t.address(), 0, words(t.byteSize())); // +0.0 in every dtype
        }
        return t;
    }

    @Override
    public synchronized Tensor fromArray(String name, float[] values, long... shape) {
        return filled(create(name, DType.FLOAT32, Shapes.shapeFor(values.length, shape)), t -> t.copyFrom(values));
    }

    @Override
    public synchronized Tensor fromArray(String name, double[] values, long... shape) {
        return filled(create(name, DType.FLOAT64, Shapes.shapeFor(values.length, shape)), t -> t.copyFrom(values));
    }

    /** {@code t} after {@code upload}; a failed upload frees it rather than leaking device memory. */
    private static CudaTensor filled(CudaTensor t, Consumer<CudaTensor> upload) {
        try {
            upload.accept(t);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /**
     * Not supported: the CPU backends wrap a segment without copying, but a GPU cannot compute in
     * host memory, and a copy would silently break the promise that the optimizer writes into the
     * caller's segment. Throws {@link UnsupportedOperationException} saying what to do instead.
     */
    @Override
    public Tensor wrap(String name, MemorySegment segment, DType dtype, long... shape) {
        throw new UnsupportedOperationException("the cuda backend cannot wrap host memory (tensor '" + name
                + "'): use fromArray, or allocate and copyFrom(segment), and copyTo(segment) to read the result back");
    }

    private CudaTensor create(String name, DType dtype, long[] shape) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        long bytes = Math.multiplyExact(Shapes.elementCount(shape), (long) dtype.byteSize());
        long address = bytes == 0 ? 0 : device.allocate(words(bytes) * 4, "tensor '" + name + "'");
        return new CudaTensor(this, name, dtype, shape, address);
    }

    /** The 32-bit words that hold {@code bytes}: an odd number of 16-bit elements is allocated and zeroed a word at a time. */
    private static long words(long bytes) {
        return (bytes + 3) / 4;
    }

    synchronized void upload(CudaTensor t, Device.ChunkWriter writer) {
        device.upload(t.address(), t.size(), t.dtype().byteSize(), writer);
    }

    synchronized void download(CudaTensor t, Device.ChunkReader reader) {
        device.download(t.address(), t.size(), t.dtype().byteSize(), reader);
    }

    synchronized void release(CudaTensor t) {
        long address = t.isClosed() || t.isView() ? 0 : t.address();
        if (t.markClosed() && address != 0) {
            device.free(address);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The view's device address is the parent's plus {@code offset} elements; it may be unaligned for
     * vector loads, which the kernels check per launch ({@link Alignment}).
     */
    @Override
    public synchronized Tensor view(Tensor parent, String name, long offset, long... shape) {
        long count = Shapes.requireView(parent, name, offset, shape);
        CudaTensor p = CudaTensors.open(this, parent);
        long address = count == 0 ? 0 : p.address() + offset * p.dtype().byteSize();
        return new CudaTensor(this, name, p.dtype(), shape.clone(), address, p);
    }

    @Override
    public VectorOps vectorOps() {
        return vectorOps;
    }

    @Override
    public ObjectiveKernels objectiveKernels() {
        return objectiveKernels;
    }

    @Override
    public NetworkKernels networkKernels() {
        return networkKernels;
    }

    @Override
    public OptimizerKernels optimizerKernels() {
        return optimizerKernels;
    }

    @Override
    public String toString() {
        return NAME;
    }
}

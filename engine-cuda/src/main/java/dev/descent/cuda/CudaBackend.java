package dev.descent.cuda;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdadeltaCoefficients;
import dev.descent.kernel.AdagradCoefficients;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.AdamaxCoefficients;
import dev.descent.kernel.GainsCoefficients;
import dev.descent.kernel.NadamCoefficients;
import dev.descent.kernel.RmspropCoefficients;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.kernel.VsgdCoefficients;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * The CUDA backend: the reference backend's kernels on an NVIDIA GPU, through the CUDA driver API
 * (see the {@linkplain dev.descent.cuda package notes} for how they agree with the reference).
 *
 * <p>Tensors live in device memory ({@link CudaTensor}). An optimizer step is one kernel launch per
 * parameter group, whatever its number of tensors, and returns without waiting for the GPU; copies
 * back to the host and the reductions ({@code dot}, {@code norm2}, {@code maxAbs},
 * {@code hasNonFinite}, which return a value) wait for the work queued before them.
 * {@link #wrap} is not supported: a GPU cannot work in place on host memory. Instances are
 * thread-safe; calls are serialised, and each makes the backend's CUDA context current on the
 * calling thread.
 */
public final class CudaBackend implements Backend {

    /** The backend's name. */
    public static final String NAME = "cuda";

    private final Device device;
    private final GroupTables tables;
    private long reductionScratch; // MAX_BLOCKS partials and one result, allocated on first use

    /** A backend on {@code device}. */
    CudaBackend(Device device) {
        this.device = Objects.requireNonNull(device, "device");
        this.tables = new GroupTables(device);
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
            device.fill32(t.address(), 0, t.byteSize() / 4); // +0.0 in float32 and float64 alike
        }
        return t;
    }

    @Override
    public synchronized Tensor fromArray(String name, float[] values, long... shape) {
        CudaTensor t = create(name, DType.FLOAT32, Shapes.shapeFor(values.length, shape));
        try {
            t.copyFrom(values);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    @Override
    public synchronized Tensor fromArray(String name, double[] values, long... shape) {
        CudaTensor t = create(name, DType.FLOAT64, Shapes.shapeFor(values.length, shape));
        try {
            t.copyFrom(values);
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
        long address = bytes == 0 ? 0 : device.allocate(bytes, "tensor '" + name + "'");
        return new CudaTensor(this, name, dtype, shape, address);
    }

    synchronized void upload(CudaTensor t, Device.ChunkWriter writer) {
        device.upload(t.address(), t.size(), t.dtype().byteSize(), writer);
    }

    synchronized void download(CudaTensor t, Device.ChunkReader reader) {
        device.download(t.address(), t.size(), t.dtype().byteSize(), reader);
    }

    synchronized void release(CudaTensor t) {
        long address = t.isClosed() ? 0 : t.address();
        if (t.markClosed() && address != 0) {
            device.free(address);
        }
    }

    // ---- vector operations -----------------------------------------------------------------------

    @Override
    public synchronized void axpy(double alpha, Tensor x, Tensor y) {
        CudaTensors.requireCompatible(this, x, y);
        CudaTensor xs = (CudaTensor) x;
        CudaTensor ys = (CudaTensor) y;
        if (x.dtype() == DType.FLOAT32) {
            elementwise(KernelParams.of(Kernel.AXPY_F32).f32((float) alpha), xs, xs, ys);
        } else {
            elementwise(KernelParams.of(Kernel.AXPY_F64).f64(alpha), xs, xs, ys);
        }
    }

    @Override
    public synchronized void scale(double alpha, Tensor x) {
        CudaTensor xs = CudaTensors.own(this, x);
        if (x.dtype() == DType.FLOAT32) {
            elementwise(KernelParams.of(Kernel.SCALE_F32).f32((float) alpha), xs, xs);
        } else {
            elementwise(KernelParams.of(Kernel.SCALE_F64).f64(alpha), xs, xs);
        }
    }

    @Override
    public synchronized void copy(Tensor src, Tensor dst) {
        CudaTensors.requireCompatible(this, src, dst);
        CudaTensor s = (CudaTensor) src;
        CudaTensor d = (CudaTensor) dst;
        if (s != d && s.byteSize() > 0) {
            device.copy(s.address(), d.address(), s.byteSize());
        }
    }

    @Override
    public synchronized void fill(Tensor x, double value) {
        CudaTensor xs = CudaTensors.own(this, x);
        if (xs.size() == 0) {
            return;
        }
        if (x.dtype() == DType.FLOAT32) {
            device.fill32(xs.address(), Float.floatToRawIntBits((float) value), xs.size());
        } else {
            elementwise(KernelParams.of(Kernel.FILL_F64).f64(value), xs, xs);
        }
    }

    @Override
    public synchronized void multiply(Tensor a, Tensor b, Tensor out) {
        combine(Kernel.MULTIPLY_F32, Kernel.MULTIPLY_F64, a, b, out);
    }

    @Override
    public synchronized void divide(Tensor a, Tensor b, Tensor out) {
        combine(Kernel.DIVIDE_F32, Kernel.DIVIDE_F64, a, b, out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Summed in double by a fixed tree ({@link ReductionPlan}), not left to right as the reference
     * does: the same tensor always gives the same bits, on any GPU, and the result is within
     * {@code (γ_d + γ_n)·Σ|aᵢbᵢ|} of the reference's ({@link ReductionPlan#dotBound}), where
     * {@code γₖ = k·2⁻⁵³/(1 - k·2⁻⁵³)}, {@code n} is the element count and {@code d} about
     * {@code n/262144 + 20} for large tensors.
     */
    @Override
    public synchronized double dot(Tensor a, Tensor b) {
        CudaTensors.requireCompatible(this, a, b);
        CudaTensor as = (CudaTensor) a;
        CudaTensor bs = (CudaTensor) b;
        if (as.size() == 0) {
            return 0;
        }
        KernelParams pass1 = KernelParams.of(a.dtype() == DType.FLOAT32 ? Kernel.DOT_F32 : Kernel.DOT_F64)
                .address(as.address()).address(bs.address());
        return reduce(pass1, as.size(), Alignment.vectorizable(as.address(), bs.address()), Kernel.SUM_PARTIALS);
    }

    /** {@inheritDoc} The root of {@link #dot}{@code (x, x)}: within half its relative bound, plus one rounding. */
    @Override
    public synchronized double norm2(Tensor x) {
        return Math.sqrt(dot(x, x));
    }

    /** {@inheritDoc} Exact: a maximum does not depend on the order it is taken in. */
    @Override
    public synchronized double maxAbs(Tensor x) {
        CudaTensor xs = CudaTensors.own(this, x);
        if (xs.size() == 0) {
            return 0;
        }
        KernelParams pass1 = KernelParams.of(x.dtype() == DType.FLOAT32 ? Kernel.MAX_ABS_F32 : Kernel.MAX_ABS_F64)
                .address(xs.address());
        return reduce(pass1, xs.size(), Alignment.vectorizable(xs.address()), Kernel.MAX_PARTIALS);
    }

    @Override
    public synchronized boolean hasNonFinite(Tensor x) {
        CudaTensor xs = CudaTensors.own(this, x);
        if (xs.size() == 0) {
            return false;
        }
        KernelParams pass1 = KernelParams.of(x.dtype() == DType.FLOAT32 ? Kernel.NON_FINITE_F32 : Kernel.NON_FINITE_F64)
                .address(xs.address());
        return reduce(pass1, xs.size(), Alignment.vectorizable(xs.address()), Kernel.MAX_PARTIALS) != 0;
    }

    // ---- optimizer kernels: one launch per parameter group ---------------------------------------

    @Override
    public synchronized void sgd(SgdCoefficients c, List<ParameterSlots> params) {
        step(Kernel.SGD_STEP, params, c, c.momentum() != 0);
    }

    @Override
    public synchronized void adagrad(AdagradCoefficients c, List<ParameterSlots> params) {
        step(Kernel.ADAGRAD_STEP, params, c, true);
    }

    @Override
    public synchronized void adadelta(AdadeltaCoefficients c, List<ParameterSlots> params) {
        step(Kernel.ADADELTA_STEP, params, c, true, true);
    }

    @Override
    public synchronized void rmsprop(RmspropCoefficients c, List<ParameterSlots> params) {
        step(Kernel.RMSPROP_STEP, params, c, true, c.momentum() > 0, c.centered());
    }

    @Override
    public synchronized void rprop(RpropCoefficients c, List<ParameterSlots> params) {
        step(Kernel.RPROP_STEP, params, c, true, true, c.variant().backtracks());
    }

    @Override
    public synchronized void adam(AdamCoefficients c, List<ParameterSlots> params) {
        step(Kernel.ADAM_STEP, params, c, true, true, c.amsgrad());
    }

    @Override
    public synchronized void adamax(AdamaxCoefficients c, List<ParameterSlots> params) {
        step(Kernel.ADAMAX_STEP, params, c, true, true);
    }

    @Override
    public synchronized void nadam(NadamCoefficients c, List<ParameterSlots> params) {
        step(Kernel.NADAM_STEP, params, c, true, true);
    }

    @Override
    public synchronized void gains(GainsCoefficients c, List<ParameterSlots> params) {
        step(Kernel.GAINS_STEP, params, c, true, true, c.momentum() > 0 || c.compareWithVelocity());
    }

    @Override
    public synchronized void vsgd(VsgdCoefficients c, List<ParameterSlots> params) {
        step(Kernel.VSGD_STEP, params, c, true, true, true, true, true, c.batchSquares(), c.finiteDifference());
    }

    @Override
    public String toString() {
        return NAME;
    }

    /**
     * One fused launch over the group: {@code statesUsed} says which of the kernel's state slots
     * ({@link OptimizerSlots#states}) this step reads, decided as the reference kernel decides it.
     */
    private void step(Kernel kernel, List<ParameterSlots> params, Record coefficients, boolean... statesUsed) {
        if (params.isEmpty()) {
            return;
        }
        GroupTables.Uploaded table = tables.get(this, kernel, params, statesUsed);
        if (table.chunks() == 0) {
            return;
        }
        int grid = LaunchGeometry.fused(table.chunks(), device.multiprocessors(), device.residentBlocks(kernel));
        device.launch(grid, KernelParams.of(kernel)
                .address(table.tensorsAddress())
                .address(table.chunksAddress())
                .i32(table.chunks())
                .i32(table.present())
                .struct(CoefficientWords.of(coefficients)));
    }

    /**
     * Launches an elementwise kernel whose leading scalar is already in {@code params}: the tensors'
     * addresses follow (the first is the shape all share), then the element count and the vectorized flag.
     */
    private void elementwise(KernelParams params, CudaTensor shape, CudaTensor... operands) {
        long n = shape.size();
        if (n == 0) {
            return;
        }
        long[] addresses = new long[operands.length];
        for (int i = 0; i < operands.length; i++) {
            addresses[i] = operands[i].address();
            params.address(addresses[i]);
        }
        boolean vectorized = Alignment.vectorizable(addresses);
        int lanes = Alignment.lanes(shape.dtype().byteSize());
        Kernel kernel = params.kernel();
        int grid = LaunchGeometry.elementwise(n, lanes, vectorized, device.multiprocessors(), device.residentBlocks(kernel));
        device.launch(grid, params.i64(n).i32(vectorized ? 1 : 0));
    }

    private void combine(Kernel f32, Kernel f64, Tensor a, Tensor b, Tensor out) {
        CudaTensors.requireCompatible(this, a, b);
        CudaTensors.requireCompatible(this, a, out);
        CudaTensor as = (CudaTensor) a;
        CudaTensor bs = (CudaTensor) b;
        CudaTensor os = (CudaTensor) out;
        elementwise(KernelParams.of(a.dtype() == DType.FLOAT32 ? f32 : f64), as, as, bs, os);
    }

    /**
     * Runs pass 1 ({@code pass1} holds its input addresses) over {@code n} elements into the partials,
     * pass 2 ({@code fold}) into the result, and reads the result back.
     */
    private double reduce(KernelParams pass1, long n, boolean vectorized, Kernel fold) {
        if (reductionScratch == 0) {
            reductionScratch = device.allocate(8L * (ReductionPlan.MAX_BLOCKS + 1), "the partial sums of the reductions");
        }
        long partials = reductionScratch;
        long result = reductionScratch + 8L * ReductionPlan.MAX_BLOCKS;
        int blocks = ReductionPlan.blocks(n);
        device.launch(blocks, pass1.i64(n).i32(vectorized ? 1 : 0).address(partials));
        device.launch(1, KernelParams.of(fold).address(partials).i32(blocks).address(result));
        double[] value = new double[1];
        device.download(result, 1, 8, (chunk, first, count) ->
                value[0] = chunk.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED, 0));
        return value[0];
    }
}

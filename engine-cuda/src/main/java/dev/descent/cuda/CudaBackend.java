package dev.descent.cuda;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.OptimizerKernels;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
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
 * copies back its scalar result alone.
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
    private final DeviceScratch workspace; // the partial sums and results of the reductions
    private final DeviceScratch operands; // the operand tables of dots and linearCombination

    /** A backend on {@code device}. */
    CudaBackend(Device device) {
        this.device = Objects.requireNonNull(device, "device");
        this.tables = new GroupTables(device);
        this.optimizerKernels = new CudaOptimizerKernels(this, device, tables);
        this.workspace = new DeviceScratch(device, "the partial sums of the reductions");
        this.operands = new DeviceScratch(device, "the operand table of a multi-tensor operation");
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
        KernelParams pass1 = KernelParams.of(byDType(a, Kernel.DOT_F32, Kernel.DOT_F64))
                .address(as.address()).address(bs.address())
                .i64(as.size()).i32(vectorized(as.address(), bs.address()));
        return reduce(pass1, as.size(), Kernel.SUM_PARTIALS);
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
        KernelParams pass1 = KernelParams.of(byDType(x, Kernel.MAX_ABS_F32, Kernel.MAX_ABS_F64))
                .address(xs.address()).i64(xs.size()).i32(vectorized(xs.address()));
        return reduce(pass1, xs.size(), Kernel.MAX_PARTIALS);
    }

    @Override
    public synchronized boolean hasNonFinite(Tensor x) {
        CudaTensor xs = CudaTensors.own(this, x);
        if (xs.size() == 0) {
            return false;
        }
        KernelParams pass1 = KernelParams.of(byDType(x, Kernel.NON_FINITE_F32, Kernel.NON_FINITE_F64))
                .address(xs.address()).i64(xs.size()).i32(vectorized(xs.address()));
        return reduce(pass1, xs.size(), Kernel.MAX_PARTIALS) != 0;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each distinct pair of tensors is one dot product (a pair that appears twice, as {@code (a, b)}
     * and {@code (b, a)} say, is computed once), computed exactly as {@link #dot} computes it: the same
     * bits, the same bound. Up to {@value DotPairs#MAX_PER_LAUNCH} products share one pass over their
     * tensors, whose addresses reach the kernel in a small table uploaded for the call; all the
     * results come back in one copy.
     */
    @Override
    public synchronized void dots(Tensor[] a, Tensor[] b, double[] out) {
        KernelArguments.requireDots(a, b, out);
        long[] as = addresses(a);
        long[] bs = addresses(b);
        long n = a[0].size();
        if (n == 0) {
            Arrays.fill(out, 0, a.length * b.length, 0.0);
            return;
        }
        DotPairs pairs = DotPairs.of(as, bs);
        long tableAddress = upload(pairs.table());
        int blocks = ReductionPlan.blocks(n);
        long results = workspace.atLeast(8L * (pairs.products() + (long) DotPairs.MAX_PER_LAUNCH * blocks));
        long partials = results + 8L * pairs.products();
        Kernel pass1 = byDType(a[0], Kernel.DOTS_F32, Kernel.DOTS_F64);
        for (int launch = 0; launch < pairs.launches(); launch++) {
            int first = pairs.firstOf(launch);
            int count = pairs.countOf(launch);
            device.launch(blocks, KernelParams.of(pass1).address(tableAddress + (long) OperandTable.RECORD_BYTES * first)
                    .i32(count).i64(n).i32(pairs.vectorizable(launch) ? 1 : 0).address(partials));
            device.launch(count, KernelParams.of(Kernel.SUM_PARTIALS).address(partials).i32(blocks)
                    .address(results + 8L * first));
        }
        double[] products = downloadDoubles(results, pairs.products());
        for (int k = 0; k < a.length * b.length; k++) {
            out[k] = products[pairs.productOf(k)];
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Equal to the reference bit for bit (the same operations in the same order). The tensors and
     * coefficients reach the kernel in a small table uploaded for the call, so the call waits for the
     * work queued before it.
     */
    @Override
    public synchronized void linearCombination(double[] coefficients, Tensor[] vectors, Tensor out) {
        KernelArguments.requireLinearCombination(coefficients, vectors, out);
        long[] addresses = addresses(vectors);
        CudaTensor os = CudaTensors.own(this, out);
        long n = os.size();
        if (n == 0) {
            return;
        }
        long table = upload(OperandTable.terms(addresses, coefficients));
        boolean vectorized = Alignment.vectorizable(addresses) && Alignment.vectorizable(os.address());
        Kernel kernel = byDType(out, Kernel.LINEAR_COMBINATION_F32, Kernel.LINEAR_COMBINATION_F64);
        device.launch(elementwiseGrid(kernel, n, out.dtype(), vectorized), KernelParams.of(kernel).address(table)
                .i32(vectors.length).address(os.address()).i64(n).i32(vectorized ? 1 : 0));
    }

    // ---- objective kernels -----------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Each row is summed by {@value MatrixVectorPlan#WARP} threads (lane {@code l} adds the elements
     * {@code l, l + 32, ...} in order, then a fixed tree adds the lanes), not left to right: each output
     * is within {@code (γ_d + γ_n)·Σⱼ|aᵢⱼxⱼ|} of the reference's before its rounding to the dtype, with
     * {@code d = ceil(n/32) + 5} ({@link MatrixVectorPlan#matVecDepth}), one more rounding on each side
     * for float64 products, and deterministic.
     */
    @Override
    public synchronized void matVec(Tensor a, Tensor x, Tensor out) {
        KernelArguments.requireMatrixVector(a, x, out, false);
        CudaTensor as = CudaTensors.own(this, a);
        CudaTensor xs = CudaTensors.own(this, x);
        CudaTensor os = CudaTensors.own(this, out);
        long rows = a.shape()[0];
        long cols = a.shape()[1];
        if (rows == 0) {
            return;
        }
        if (cols == 0) { // empty sums
            device.fill32(os.address(), 0, os.byteSize() / 4);
            return;
        }
        Kernel kernel = byDType(a, Kernel.MAT_VEC_F32, Kernel.MAT_VEC_F64);
        int grid = LaunchGeometry.perItem(MatrixVectorPlan.rowGroups(rows), device.multiprocessors(),
                device.residentBlocks(kernel));
        device.launch(grid, KernelParams.of(kernel).address(as.address()).address(xs.address()).address(os.address())
                .i64(rows).i64(cols));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each column's sum is split into segments of consecutive rows ({@link MatrixVectorPlan}), each
     * added in ascending row order, then the segments in ascending order: within
     * {@code (γ_d + γ_m)·Σᵢ|aᵢⱼvᵢ|} of the reference's before the rounding to the dtype, with {@code d}
     * {@link MatrixVectorPlan#matTransposeVecDepth}, one more rounding on each side for float64
     * products, and deterministic; equal to it bit for bit when there is one segment (at most 64 rows).
     */
    @Override
    public synchronized void matTransposeVec(Tensor a, Tensor v, Tensor out) {
        KernelArguments.requireMatrixVector(a, v, out, true);
        CudaTensor as = CudaTensors.own(this, a);
        CudaTensor vs = CudaTensors.own(this, v);
        CudaTensor os = CudaTensors.own(this, out);
        long rows = a.shape()[0];
        long cols = a.shape()[1];
        if (cols == 0) {
            return;
        }
        if (rows == 0) { // empty sums
            device.fill32(os.address(), 0, os.byteSize() / 4);
            return;
        }
        int segments = MatrixVectorPlan.segments(rows, cols);
        long partials = workspace.atLeast(Math.multiplyExact(8L * segments, cols));
        Kernel pass1 = byDType(a, Kernel.MAT_TRANSPOSE_VEC_PARTIALS_F32, Kernel.MAT_TRANSPOSE_VEC_PARTIALS_F64);
        Kernel pass2 = byDType(a, Kernel.MAT_TRANSPOSE_VEC_SUM_F32, Kernel.MAT_TRANSPOSE_VEC_SUM_F64);
        int grid = LaunchGeometry.perItem(MatrixVectorPlan.columnTiles(cols) * segments, device.multiprocessors(),
                device.residentBlocks(pass1));
        device.launch(grid, KernelParams.of(pass1).address(as.address()).address(vs.address()).i64(rows).i64(cols)
                .i64(MatrixVectorPlan.segmentRows(rows, cols)).address(partials));
        device.launch(itemGrid(pass2, cols), KernelParams.of(pass2).address(partials).i32(segments)
                .i64(cols).address(os.address()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The gradient equals the reference's bit for bit. The value is a deterministic two-pass sum of
     * the same per-pair terms ({@link ReductionPlan}), within {@code (γ_d + γ_{n/2})·f} of the
     * reference's left-to-right sum ({@code d} {@link ReductionPlan#roundingDepth} over the pairs; the
     * terms are never negative).
     */
    @Override
    public synchronized double rosenbrock(Tensor x, Tensor gradient) {
        KernelArguments.requireRosenbrock(x, gradient);
        CudaTensor xs = CudaTensors.own(this, x);
        CudaTensor gs = CudaTensors.own(this, gradient);
        long pairs = xs.size() / 2;
        KernelParams pass1 = KernelParams.of(byDType(x, Kernel.ROSENBROCK_F32, Kernel.ROSENBROCK_F64))
                .address(xs.address()).address(gs.address()).i64(pairs);
        return reduce(pass1, pairs, Kernel.SUM_PARTIALS);
    }

    /** {@inheritDoc} Equal to the reference bit for bit. */
    @Override
    public synchronized void rosenbrockCurvatureVector(RosenbrockCurvature curvature, Tensor x, Tensor v, Tensor out) {
        Objects.requireNonNull(curvature, "curvature");
        KernelArguments.requireRosenbrock(x, v, out);
        CudaTensor xs = CudaTensors.own(this, x);
        CudaTensor vs = CudaTensors.own(this, v);
        CudaTensor os = CudaTensors.own(this, out);
        long pairs = xs.size() / 2;
        Kernel kernel = byDType(x, Kernel.ROSENBROCK_CURVATURE_VECTOR_F32, Kernel.ROSENBROCK_CURVATURE_VECTOR_F64);
        device.launch(itemGrid(kernel, pairs), KernelParams.of(kernel).i32(curvature.ordinal())
                .address(xs.address()).address(vs.address()).address(os.address()).i64(pairs));
    }

    /** {@inheritDoc} Equal to the reference bit for bit. */
    @Override
    public synchronized void rosenbrockGaussNewtonDiagonal(Tensor x, Tensor out) {
        KernelArguments.requireRosenbrock(x, out);
        CudaTensor xs = CudaTensors.own(this, x);
        CudaTensor os = CudaTensors.own(this, out);
        long pairs = xs.size() / 2;
        Kernel kernel = byDType(x, Kernel.ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F32, Kernel.ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F64);
        device.launch(itemGrid(kernel, pairs), KernelParams.of(kernel).address(xs.address())
                .address(os.address()).i64(pairs));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The residuals are computed by the reference's operations in its order, with StrictMath's
     * {@code exp} and {@code log1p} (the reference's {@code Math.exp} may differ from them in the last
     * bit), and rounded once. The loss is a deterministic two-pass sum ({@link ReductionPlan}) of the
     * per-element losses, within {@code (γ_d + γ_n)} of the reference's relative to the sum (the terms
     * are never negative), plus what the last-bit differences of {@code exp} contribute.
     */
    @Override
    public synchronized double logisticLoss(Tensor margins, Tensor labels, Tensor residual) {
        KernelArguments.requireSameSizes(margins, labels, residual);
        CudaTensor ms = CudaTensors.own(this, margins);
        CudaTensor ls = CudaTensors.own(this, labels);
        CudaTensor rs = CudaTensors.own(this, residual);
        long n = ms.size();
        if (n == 0) {
            return 0;
        }
        KernelParams pass1 = KernelParams.of(byDType(margins, Kernel.LOGISTIC_LOSS_F32, Kernel.LOGISTIC_LOSS_F64))
                .address(ms.address()).address(ls.address()).address(rs.address())
                .i64(n).i32(vectorized(ms.address(), ls.address(), rs.address()));
        return reduce(pass1, n, Kernel.SUM_PARTIALS);
    }

    /** {@inheritDoc} Computed as the reference does, with StrictMath's {@code exp}, rounded once. */
    @Override
    public synchronized void logisticCurvature(Tensor margins, Tensor weights) {
        KernelArguments.requireSameSizes(margins, weights);
        CudaTensor ms = CudaTensors.own(this, margins);
        CudaTensor ws = CudaTensors.own(this, weights);
        elementwise(KernelParams.of(byDType(margins, Kernel.LOGISTIC_CURVATURE_F32, Kernel.LOGISTIC_CURVATURE_F64)),
                ms, ms, ws);
    }

    @Override
    public OptimizerKernels optimizerKernels() {
        return optimizerKernels;
    }

    @Override
    public String toString() {
        return NAME;
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
        device.launch(elementwiseGrid(params.kernel(), n, shape.dtype(), vectorized), params.i64(n).i32(vectorized ? 1 : 0));
    }

    /** The grid of an elementwise {@code kernel} over {@code n} (> 0) elements of {@code dtype}. */
    private int elementwiseGrid(Kernel kernel, long n, DType dtype, boolean vectorized) {
        return LaunchGeometry.elementwise(n, Alignment.lanes(dtype.byteSize()), vectorized, device.multiprocessors(),
                device.residentBlocks(kernel));
    }

    /** The grid of a {@code kernel} whose threads take {@code items} (> 0) items one at a time (pairs, columns). */
    private int itemGrid(Kernel kernel, long items) {
        return LaunchGeometry.elementwise(items, 1, false, device.multiprocessors(), device.residentBlocks(kernel));
    }

    private void combine(Kernel f32, Kernel f64, Tensor a, Tensor b, Tensor out) {
        CudaTensors.requireCompatible(this, a, b);
        CudaTensors.requireCompatible(this, a, out);
        CudaTensor as = (CudaTensor) a;
        CudaTensor bs = (CudaTensor) b;
        CudaTensor os = (CudaTensor) out;
        elementwise(KernelParams.of(byDType(a, f32, f64)), as, as, bs, os);
    }

    /**
     * Runs pass 1 ({@code pass1} holds every parameter but the partials) over {@code items} (> 0) items
     * into the partials, pass 2 ({@code fold}) into the result, and reads the result back.
     */
    private double reduce(KernelParams pass1, long items, Kernel fold) {
        long partials = workspace.atLeast(8L * (ReductionPlan.MAX_BLOCKS + 1));
        long result = partials + 8L * ReductionPlan.MAX_BLOCKS;
        int blocks = ReductionPlan.blocks(items);
        device.launch(blocks, pass1.address(partials));
        device.launch(1, KernelParams.of(fold).address(partials).i32(blocks).address(result));
        return downloadDoubles(result, 1)[0];
    }

    /** {@code count} doubles copied from the device at {@code address}. */
    private double[] downloadDoubles(long address, int count) {
        double[] values = new double[count];
        device.download(address, count, 8, (chunk, first, n) ->
                MemorySegment.copy(chunk, ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, values, (int) first, n));
        return values;
    }

    /** Uploads {@code table} into the operand scratch and returns its device address. */
    private long upload(OperandTable table) {
        MemorySegment bytes = table.bytes();
        long address = operands.atLeast(bytes.byteSize());
        device.upload(address, bytes.byteSize() / 8, 8, (chunk, first, count) ->
                MemorySegment.copy(bytes, first * 8, chunk, 0, count * 8L));
        return address;
    }

    /** The device addresses of {@code tensors}, each checked open and owned by this backend. */
    private long[] addresses(Tensor[] tensors) {
        long[] addresses = new long[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            addresses[i] = CudaTensors.own(this, tensors[i]).address();
        }
        return addresses;
    }

    /** The kernel's {@code vectorized} flag: 1 if every address is 16-byte aligned. */
    private static int vectorized(long... addresses) {
        return Alignment.vectorizable(addresses) ? 1 : 0;
    }

    /** The float32 or float64 twin, by {@code t}'s dtype. */
    private static Kernel byDType(Tensor t, Kernel f32, Kernel f64) {
        return t.dtype() == DType.FLOAT32 ? f32 : f64;
    }
}

package dev.descent.simd;

import dev.descent.backend.Availability;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.OptimizerKernels;
import dev.descent.cpu.CpuBackend;
import dev.descent.cpu.CpuTensor;
import dev.descent.cpu.CpuTensors;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API backend: every kernel of the reference backend as a loop over SIMD vectors of
 * off-heap memory, with the same operation order, so its optimizer steps and elementwise operations
 * agree with the reference bit for bit (see the {@linkplain dev.descent.simd package notes}).
 *
 * <p>Tensors live off-heap, 64-byte aligned, freed on close ({@link CpuTensor#offHeap}), or in a
 * segment the caller wraps (zero-copy). A call whose tensors hold 2¹⁷ elements or more in all is
 * cut into fixed chunks of 2¹⁶ elements, packed across the tensors of a parameter group, that
 * {@link #threads()} threads run; smaller calls run on the calling thread. Results do not depend on
 * the thread count, reductions included. Instances are thread-safe.
 */
public final class SimdBackend extends CpuBackend {

    /** The backend's name. */
    public static final String NAME = "simd";

    private final ChunkScheduler scheduler;
    private final OptimizerKernels optimizerKernels;

    /** A backend with the thread count of {@value SimdBackendProvider#THREADS_PROPERTY}, or one per processor. */
    public SimdBackend() {
        this(SimdBackendProvider.configuredThreads());
    }

    /**
     * A backend that runs large calls on {@code threads} threads (the caller included); at least 1.
     * Throws {@link IllegalStateException} if this CPU's vectors are too narrow to be worth it
     * ({@link SimdBackendProvider#availability()} says so without throwing).
     */
    public SimdBackend(int threads) {
        if (vectorBitSize() < SimdBackendProvider.MIN_VECTOR_BITS) {
            throw new IllegalStateException(SimdBackendProvider.tooNarrow(vectorBitSize()));
        }
        this.scheduler = new ChunkScheduler(threads);
        this.optimizerKernels = new SimdOptimizerKernels(this, scheduler);
    }

    /** The number of threads that run a large call, the calling thread included. */
    public int threads() {
        return scheduler.threads();
    }

    /**
     * The width in bits of the vectors the kernels use: the preferred species of this CPU, read
     * without initialising the kernels' constants, which need 128 bits or more.
     */
    public static int vectorBitSize() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    protected CpuTensor newTensor(String name, DType dtype, long... shape) {
        return CpuTensor.offHeap(this, name, dtype, shape);
    }

    // ---- vector operations: elementwise ones chunk by chunk, reductions block by block ------------

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        CpuTensors.requireCompatible(this, x, y);
        MemorySegment xs = Segments.of(x);
        MemorySegment ys = Segments.of(y);
        if (x.dtype() == DType.FLOAT32) {
            float a = (float) alpha;
            scheduler.chunked(x.size(), (from, to) -> SimdVectorOps.axpy(a, xs, ys, from, to), xs, ys);
        } else {
            scheduler.chunked(x.size(), (from, to) -> SimdVectorOps.axpy(alpha, xs, ys, from, to), xs, ys);
        }
    }

    @Override
    public void scale(double alpha, Tensor x) {
        MemorySegment xs = Segments.of(cpu(x));
        if (x.dtype() == DType.FLOAT32) {
            float a = (float) alpha;
            scheduler.chunked(x.size(), (from, to) -> SimdVectorOps.scale(a, xs, from, to), xs);
        } else {
            scheduler.chunked(x.size(), (from, to) -> SimdVectorOps.scale(alpha, xs, from, to), xs);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CpuTensors.requireCompatible(this, src, dst);
        MemorySegment s = Segments.of(src);
        MemorySegment d = Segments.of(dst);
        long bytes = src.dtype().byteSize();
        scheduler.chunked(src.size(),
                (from, to) -> MemorySegment.copy(s, from * bytes, d, from * bytes, (to - from) * bytes), s, d);
    }

    @Override
    public void fill(Tensor x, double value) {
        MemorySegment xs = Segments.of(cpu(x));
        if (x.dtype() == DType.FLOAT32) {
            float v = (float) value;
            scheduler.chunked(x.size(), (from, to) -> SimdVectorOps.fill(v, xs, from, to), xs);
        } else {
            scheduler.chunked(x.size(), (from, to) -> SimdVectorOps.fill(value, xs, from, to), xs);
        }
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        elementwise(a, b, out, SimdVectorOps::multiply, SimdVectorOps::multiplyDoubles);
    }

    @Override
    public void divide(Tensor a, Tensor b, Tensor out) {
        elementwise(a, b, out, SimdVectorOps::divide, SimdVectorOps::divideDoubles);
    }

    /** One binary elementwise operation over [from, to) of three segments. */
    @FunctionalInterface
    private interface BinaryOp {
        void apply(MemorySegment a, MemorySegment b, MemorySegment out, long from, long to);
    }

    /** {@code out ← a ∘ b} chunk by chunk, with the float32 or float64 loop as the dtype asks. */
    private void elementwise(Tensor a, Tensor b, Tensor out, BinaryOp floats, BinaryOp doubles) {
        CpuTensors.requireCompatible(this, a, b);
        CpuTensors.requireCompatible(this, a, out);
        MemorySegment as = Segments.of(a);
        MemorySegment bs = Segments.of(b);
        MemorySegment os = Segments.of(out);
        BinaryOp op = a.dtype() == DType.FLOAT32 ? floats : doubles;
        scheduler.chunked(a.size(), (from, to) -> op.apply(as, bs, os, from, to), as, bs, os);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Summed per vector lane, per run of 2¹¹ and per block of 2¹⁶ elements ({@link SimdReductions}),
     * not left to right as the reference does, so the two may differ in the last bits. With
     * {@code u = 2⁻⁵³} and {@code γₙ = n·u/(1 - n·u)}, both stay within {@code γₙ·Σ|aᵢbᵢ|} of the exact sum: a float32
     * product is exact in double and each term meets at most {@code n} roundings on its way into the
     * total (for float64 one of them rounds the product: after the multiply in the reference, inside
     * the {@code fma} here). Hence {@code |simd - reference| ≤ 2·γₙ·Σ|aᵢbᵢ|}, about
     * {@code 2n·2⁻⁵³·Σ|aᵢbᵢ|}, and in practice far less, since a term here meets about
     * {@code 2¹¹/L + 2⁵ + L + n/2¹⁶} roundings for {@code L} lanes.
     * The result depends on the vector width of the CPU but never on the thread count.
     */
    @Override
    public double dot(Tensor a, Tensor b) {
        CpuTensors.requireCompatible(this, a, b);
        MemorySegment as = Segments.of(a);
        MemorySegment bs = Segments.of(b);
        return sum(a.dtype() == DType.FLOAT32
                ? scheduler.blockwise(a.size(), (from, to) -> SimdReductions.dot(as, bs, from, to), as, bs)
                : scheduler.blockwise(a.size(), (from, to) -> SimdReductions.dotDoubles(as, bs, from, to), as, bs));
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code sqrt(dot(x, x))}: every term of the sum of squares is positive, so the bound of
     * {@link #dot} is relative, {@code 2·γₙ} of the sum, and the root halves it:
     * {@code |simd - reference| ≤ (γₙ + 2u)·reference}, the {@code 2u} for rounding the two roots.
     */
    @Override
    public double norm2(Tensor x) {
        return Math.sqrt(dot(x, x));
    }

    @Override
    public double maxAbs(Tensor x) {
        MemorySegment xs = Segments.of(cpu(x));
        double[] partials = x.dtype() == DType.FLOAT32
                ? scheduler.blockwise(x.size(), (from, to) -> SimdReductions.maxAbs(xs, from, to), xs)
                : scheduler.blockwise(x.size(), (from, to) -> SimdReductions.maxAbsDoubles(xs, from, to), xs);
        double max = 0;
        for (double partial : partials) {
            max = Math.max(max, partial); // Math.max keeps a NaN
        }
        return max;
    }

    @Override
    public boolean hasNonFinite(Tensor x) {
        MemorySegment xs = Segments.of(cpu(x));
        double[] partials = x.dtype() == DType.FLOAT32
                ? scheduler.blockwise(x.size(), (from, to) -> SimdReductions.hasNonFinite(xs, from, to) ? 1 : 0, xs)
                : scheduler.blockwise(x.size(),
                        (from, to) -> SimdReductions.hasNonFiniteDoubles(xs, from, to) ? 1 : 0, xs);
        for (double partial : partials) {
            if (partial != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One pass over the distinct tensors, block by block (see {@link SimdDots}); each result equals
     * {@link #dot} of its two tensors bit for bit, so it is within the bound stated there of the
     * reference.
     */
    @Override
    public void dots(Tensor[] a, Tensor[] b, double[] out) {
        KernelArguments.requireDots(a, b, out);
        owned(a);
        owned(b);
        SimdDots dots = new SimdDots(a, b);
        scheduler.chunked(dots.size(), dots::accumulate, dots.memory());
        dots.results(out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The reference's operations in the reference's order, lane by lane, so the result equals it bit
     * for bit, float32 and float64.
     */
    @Override
    public void linearCombination(double[] coefficients, Tensor[] vectors, Tensor out) {
        KernelArguments.requireLinearCombination(coefficients, vectors, out);
        MemorySegment[] vs = owned(vectors);
        MemorySegment os = Segments.of(cpu(out));
        boolean floats = out.dtype() == DType.FLOAT32;
        MemorySegment[] memory = Arrays.copyOf(vs, vs.length + 1);
        memory[vs.length] = os;
        scheduler.chunked(out.size(),
                (from, to) -> SimdVectorOps.linearCombination(coefficients, vs, os, floats, from, to), memory);
    }

    // ---- objective kernels: in double whatever the dtype, rounded once per output ---------------------

    /**
     * {@inheritDoc}
     *
     * <p>Each row's dot product sums per lane, as {@link #dot} does, so an output differs from the
     * reference in the last bits, within the bound stated there for that row and {@code x}. Rows are
     * split across threads in runs of about {@link Chunks#CHUNK} matrix elements, never within a row.
     */
    @Override
    public void matVec(Tensor a, Tensor x, Tensor out) {
        KernelArguments.requireMatrixVector(a, x, out, false);
        MemorySegment as = Segments.of(cpu(a));
        MemorySegment xs = Segments.of(cpu(x));
        MemorySegment os = Segments.of(cpu(out));
        long rows = a.shape()[0];
        long cols = a.shape()[1];
        boolean floats = a.dtype() == DType.FLOAT32;
        long rowsPerTask = Math.max(1, Chunks.CHUNK / Math.max(1, cols));
        int tasks = Math.toIntExact((rows + rowsPerTask - 1) / rowsPerTask);
        scheduler.tasks(tasks, a.size(), t -> {
            long from = t * rowsPerTask;
            MatrixVectorKernel.matVec(as, cols, xs, os, floats, from, Math.min(rows, from + rowsPerTask));
        }, as, xs, os);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Tile by tile ({@link TransposeTiles}): a matrix with one row block, any of fewer than
     * {@link Chunks#CHUNK} elements among them, sums in the reference's order and equals it bit for
     * bit; with several, each output is the sum of the row blocks' sums, which differs from the
     * reference's left-to-right sum within {@code 2γₘ·Σᵢ|Aᵢⱼvᵢ|} (see {@link #dot}).
     */
    @Override
    public void matTransposeVec(Tensor a, Tensor v, Tensor out) {
        KernelArguments.requireMatrixVector(a, v, out, true);
        MemorySegment as = Segments.of(cpu(a));
        MemorySegment vs = Segments.of(cpu(v));
        MemorySegment os = Segments.of(cpu(out));
        boolean floats = a.dtype() == DType.FLOAT32;
        TransposeTiles tiles = TransposeTiles.of(a.shape()[0], a.shape()[1]);
        int cols = tiles.cols();
        double[] sums = new double[tiles.rowBlocks() * cols];
        scheduler.tasks(tiles.tiles(), a.size(), t -> {
            int r = t / tiles.columnBlocks();
            int c = t % tiles.columnBlocks();
            MatrixVectorKernel.addTransposedTile(as, cols, vs, floats, tiles.rowFrom(r), tiles.rowFrom(r + 1),
                    tiles.columnFrom(c), tiles.columnTo(c), sums, r * cols);
        }, as, vs);
        MatrixVectorKernel.storeTransposed(sums, tiles.rowBlocks(), cols, os, floats);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The gradient equals the reference bit for bit; the value sums per lane and per block of
     * {@link Chunks#CHUNK} elements, so it differs in the last bits, within {@code 2γₙ·f} (all terms
     * are positive).
     */
    @Override
    public double rosenbrock(Tensor x, Tensor gradient) {
        KernelArguments.requireRosenbrock(x, gradient);
        MemorySegment xs = Segments.of(cpu(x));
        MemorySegment gs = Segments.of(cpu(gradient));
        boolean floats = x.dtype() == DType.FLOAT32;
        return sum(scheduler.blockwise(x.size(),
                (from, to) -> RosenbrockKernel.valueAndGradient(xs, gs, floats, from, to), xs, gs));
    }

    /** {@inheritDoc} Equal to the reference bit for bit. */
    @Override
    public void rosenbrockCurvatureVector(RosenbrockCurvature curvature, Tensor x, Tensor v, Tensor out) {
        KernelArguments.requireRosenbrock(x, v, out);
        MemorySegment xs = Segments.of(cpu(x));
        MemorySegment vs = Segments.of(cpu(v));
        MemorySegment os = Segments.of(cpu(out));
        boolean floats = x.dtype() == DType.FLOAT32;
        boolean hessian = curvature == RosenbrockCurvature.HESSIAN;
        scheduler.chunked(x.size(),
                (from, to) -> RosenbrockKernel.curvatureVector(hessian, xs, vs, os, floats, from, to), xs, vs, os);
    }

    /** {@inheritDoc} Equal to the reference bit for bit. */
    @Override
    public void rosenbrockGaussNewtonDiagonal(Tensor x, Tensor out) {
        KernelArguments.requireRosenbrock(x, out);
        MemorySegment xs = Segments.of(cpu(x));
        MemorySegment os = Segments.of(cpu(out));
        boolean floats = x.dtype() == DType.FLOAT32;
        scheduler.chunked(x.size(), (from, to) -> RosenbrockKernel.gaussNewtonDiagonal(xs, os, floats, from, to),
                xs, os);
    }

    @Override
    public double logisticLoss(Tensor margins, Tensor labels, Tensor residual) {
        KernelArguments.requireSameSizes(margins, labels, residual);
        MemorySegment zs = Segments.of(cpu(margins));
        MemorySegment ys = Segments.of(cpu(labels));
        MemorySegment rs = Segments.of(cpu(residual));
        boolean floats = margins.dtype() == DType.FLOAT32;
        return sum(scheduler.blockwise(margins.size(),
                (from, to) -> LogisticLossKernel.lossAndResidual(zs, ys, rs, floats, from, to), zs, ys, rs));
    }

    @Override
    public void logisticCurvature(Tensor margins, Tensor weights) {
        KernelArguments.requireSameSizes(margins, weights);
        MemorySegment zs = Segments.of(cpu(margins));
        MemorySegment ws = Segments.of(cpu(weights));
        boolean floats = margins.dtype() == DType.FLOAT32;
        scheduler.chunked(margins.size(), (from, to) -> LogisticLossKernel.curvature(zs, ws, floats, from, to),
                zs, ws);
    }

    /** The blocks' partial sums of a reduction, added in block order. */
    private static double sum(double[] partials) {
        double sum = 0;
        for (double partial : partials) {
            sum += partial;
        }
        return sum;
    }

    @Override
    public OptimizerKernels optimizerKernels() {
        return optimizerKernels;
    }

    @Override
    public String toString() {
        return NAME;
    }

    private CpuTensor cpu(Tensor t) {
        return CpuTensors.own(this, t);
    }

    /** The memory of tensors this backend owns; throws naming the first that it does not own, or is closed. */
    private MemorySegment[] owned(Tensor[] ts) {
        MemorySegment[] out = new MemorySegment[ts.length];
        for (int k = 0; k < ts.length; k++) {
            out[k] = Segments.of(cpu(ts[k]));
        }
        return out;
    }
}

package dev.descent.simd;

import dev.descent.backend.Backend;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.ObjectiveKernels;
import dev.descent.cpu.CpuTensor;
import dev.descent.cpu.CpuTensors;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The SIMD backend's objective kernels: in double whatever the dtype, rounded once per output.
 */
final class SimdObjectiveKernels implements ObjectiveKernels {

    private final Backend backend;
    private final ChunkScheduler scheduler;

    SimdObjectiveKernels(Backend backend, ChunkScheduler scheduler) {
        this.backend = backend;
        this.scheduler = scheduler;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each row's dot product sums per lane, as {@link SimdVectors#dot} does, so an output differs from the
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
     * reference's left-to-right sum within {@code 2γₘ·Σᵢ|Aᵢⱼvᵢ|} (see {@link SimdVectors#dot}).
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
        return SimdReductions.sum(scheduler.blockwise(x.size(),
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
        return SimdReductions.sum(scheduler.blockwise(margins.size(),
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

    private CpuTensor cpu(Tensor t) {
        return CpuTensors.own(backend, t);
    }
}

package dev.descent.cuda;

import dev.descent.backend.KernelArguments;
import dev.descent.backend.ObjectiveKernels;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.Tensor;
import java.util.Objects;

/**
 * The CUDA backend's objective kernels: they keep their operands on the device, and a reduction
 * copies back its scalar result alone. Calls are serialised with the backend's other calls, each
 * under the backend's lock.
 */
final class CudaObjectiveKernels implements ObjectiveKernels {

    private final CudaBackend backend;
    private final CudaLaunches launches;

    CudaObjectiveKernels(CudaBackend backend, CudaLaunches launches) {
        this.backend = backend;
        this.launches = launches;
    }

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
    public void matVec(Tensor a, Tensor x, Tensor out) {
        synchronized (backend) {
            KernelArguments.requireMatrixVector(a, x, out, false);
            CudaTensor as = CudaTensors.own(backend, a);
            CudaTensor xs = CudaTensors.own(backend, x);
            CudaTensor os = CudaTensors.own(backend, out);
            long rows = a.shape()[0];
            long cols = a.shape()[1];
            if (rows == 0) {
                return;
            }
            if (cols == 0) { // empty sums
                launches.device.fill32(os.address(), 0, os.byteSize() / 4);
                return;
            }
            Kernel kernel = launches.byDType(a, Kernel.MAT_VEC_F32, Kernel.MAT_VEC_F64);
            int grid = LaunchGeometry.perItem(MatrixVectorPlan.rowGroups(rows), launches.device.multiprocessors(),
                    launches.device.residentBlocks(kernel));
            launches.device.launch(grid,
                    KernelParams.of(kernel).address(as.address()).address(xs.address()).address(os.address())
                    .i64(rows).i64(cols));
        }
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
    public void matTransposeVec(Tensor a, Tensor v, Tensor out) {
        synchronized (backend) {
            KernelArguments.requireMatrixVector(a, v, out, true);
            CudaTensor as = CudaTensors.own(backend, a);
            CudaTensor vs = CudaTensors.own(backend, v);
            CudaTensor os = CudaTensors.own(backend, out);
            long rows = a.shape()[0];
            long cols = a.shape()[1];
            if (cols == 0) {
                return;
            }
            if (rows == 0) { // empty sums
                launches.device.fill32(os.address(), 0, os.byteSize() / 4);
                return;
            }
            int segments = MatrixVectorPlan.segments(rows, cols);
            long partials = launches.workspace.atLeast(Math.multiplyExact(8L * segments, cols));
            Kernel pass1 = launches.byDType(a, Kernel.MAT_TRANSPOSE_VEC_PARTIALS_F32,
                    Kernel.MAT_TRANSPOSE_VEC_PARTIALS_F64);
            Kernel pass2 = launches.byDType(a, Kernel.MAT_TRANSPOSE_VEC_SUM_F32, Kernel.MAT_TRANSPOSE_VEC_SUM_F64);
            int grid = LaunchGeometry.perItem(MatrixVectorPlan.columnTiles(cols) * segments,
                    launches.device.multiprocessors(),
                    launches.device.residentBlocks(pass1));
            launches.device.launch(grid,
                    KernelParams.of(pass1).address(as.address()).address(vs.address()).i64(rows).i64(cols)
                    .i64(MatrixVectorPlan.segmentRows(rows, cols)).address(partials));
            launches.device.launch(launches.itemGrid(pass2, cols),
                    KernelParams.of(pass2).address(partials).i32(segments)
                    .i64(cols).address(os.address()));
        }
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
    public double rosenbrock(Tensor x, Tensor gradient) {
        synchronized (backend) {
            KernelArguments.requireRosenbrock(x, gradient);
            CudaTensor xs = CudaTensors.own(backend, x);
            CudaTensor gs = CudaTensors.own(backend, gradient);
            long pairs = xs.size() / 2;
            KernelParams pass1 = KernelParams.of(launches.byDType(x, Kernel.ROSENBROCK_F32, Kernel.ROSENBROCK_F64))
                    .address(xs.address()).address(gs.address()).i64(pairs);
            return launches.reduce(pass1, pairs, Kernel.SUM_PARTIALS);
        }
    }

    /** {@inheritDoc} Equal to the reference bit for bit. */
    @Override
    public void rosenbrockCurvatureVector(RosenbrockCurvature curvature, Tensor x, Tensor v, Tensor out) {
        synchronized (backend) {
            Objects.requireNonNull(curvature, "curvature");
            KernelArguments.requireRosenbrock(x, v, out);
            CudaTensor xs = CudaTensors.own(backend, x);
            CudaTensor vs = CudaTensors.own(backend, v);
            CudaTensor os = CudaTensors.own(backend, out);
            long pairs = xs.size() / 2;
            Kernel kernel = launches.byDType(x, Kernel.ROSENBROCK_CURVATURE_VECTOR_F32,
                    Kernel.ROSENBROCK_CURVATURE_VECTOR_F64);
            launches.device.launch(launches.itemGrid(kernel, pairs), KernelParams.of(kernel).i32(curvature.ordinal())
                    .address(xs.address()).address(vs.address()).address(os.address()).i64(pairs));
        }
    }

    /** {@inheritDoc} Equal to the reference bit for bit. */
    @Override
    public void rosenbrockGaussNewtonDiagonal(Tensor x, Tensor out) {
        synchronized (backend) {
            KernelArguments.requireRosenbrock(x, out);
            CudaTensor xs = CudaTensors.own(backend, x);
            CudaTensor os = CudaTensors.own(backend, out);
            long pairs = xs.size() / 2;
            Kernel kernel = launches.byDType(x, Kernel.ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F32,
                    Kernel.ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F64);
            launches.device.launch(launches.itemGrid(kernel, pairs), KernelParams.of(kernel).address(xs.address())
                    .address(os.address()).i64(pairs));
        }
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
    public double logisticLoss(Tensor margins, Tensor labels, Tensor residual) {
        synchronized (backend) {
            KernelArguments.requireSameSizes(margins, labels, residual);
            CudaTensor ms = CudaTensors.own(backend, margins);
            CudaTensor ls = CudaTensors.own(backend, labels);
            CudaTensor rs = CudaTensors.own(backend, residual);
            long n = ms.size();
            if (n == 0) {
                return 0;
            }
            KernelParams pass1 = KernelParams.of(launches.byDType(margins, Kernel.LOGISTIC_LOSS_F32,
                    Kernel.LOGISTIC_LOSS_F64))
                    .address(ms.address()).address(ls.address()).address(rs.address())
                    .i64(n).i32(launches.vectorized(ms.address(), ls.address(), rs.address()));
            return launches.reduce(pass1, n, Kernel.SUM_PARTIALS);
        }
    }

    /** {@inheritDoc} Computed as the reference does, with StrictMath's {@code exp}, rounded once. */
    @Override
    public void logisticCurvature(Tensor margins, Tensor weights) {
        synchronized (backend) {
            KernelArguments.requireSameSizes(margins, weights);
            CudaTensor ms = CudaTensors.own(backend, margins);
            CudaTensor ws = CudaTensors.own(backend, weights);
            launches.elementwise(KernelParams.of(launches.byDType(margins, Kernel.LOGISTIC_CURVATURE_F32,
                    Kernel.LOGISTIC_CURVATURE_F64)),
                    ms, ms, ws);
        }
    }
}

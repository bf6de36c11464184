package dev.descent.cuda;

import dev.descent.backend.NetworkArguments;
import dev.descent.backend.NetworkKernels;
import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The CUDA backend's multilayer-perceptron kernels ({@code network.cu}): operands stay on the device;
 * the losses and the count of correct predictions come back as one scalar each (a two-pass sum on the
 * device), and a mini-batch's row indices go up as one small copy. Calls are serialised with the
 * backend's other calls, each under the backend's lock.
 *
 * <p>How each result relates to the reference's: the GEMMs within {@code γ_{k+1}·(Σₗ|aᵢₗbₗⱼ| + |outᵢⱼ|)}
 * (a chain of fused multiply-adds in the dtype, see {@link NetworkPlan}); column sums and row gathers bit
 * for bit; the element-wise kernels by the reference's formulas, with StrictMath's {@code exp} and
 * {@code log1p} where the reference calls {@code Math}'s, so within a few ulps (bit for bit for
 * identity and relu); the sums returned within the rounding of {@link ReductionPlan}'s split.
 */
final class CudaNetworkKernels implements NetworkKernels {

    private final CudaBackend backend;
    private final CudaLaunches launches;
    private final DeviceScratch indices; // the row indices of gatherRows

    CudaNetworkKernels(CudaBackend backend, CudaLaunches launches) {
        this.backend = backend;
        this.launches = launches;
        this.indices = new DeviceScratch(launches.device, "the row indices of a gather");
    }

    @Override
    public void matMulTransposeB(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        synchronized (backend) {
            gemm(NetworkArguments.requireMatMulTransposeB(a, b, out), Kernel.GEMM_NT_F32, Kernel.GEMM_NT_F64, a, b, out,
                    accumulate);
        }
    }

    @Override
    public void matMulTransposeA(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        synchronized (backend) {
            gemm(NetworkArguments.requireMatMulTransposeA(a, b, out), Kernel.GEMM_TN_F32, Kernel.GEMM_TN_F64, a, b, out,
                    accumulate);
        }
    }

    @Override
    public void matMul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        synchronized (backend) {
            gemm(NetworkArguments.requireMatMul(a, b, out), Kernel.GEMM_NN_F32, Kernel.GEMM_NN_F64, a, b, out, accumulate);
        }
    }

    private void gemm(NetworkArguments.Gemm g, Kernel f32, Kernel f64, Tensor a, Tensor b, Tensor out,
            boolean accumulate) {
        CudaTensor as = own(a);
        CudaTensor bs = own(b);
        CudaTensor os = own(out);
        if (g.m() == 0 || g.n() == 0) {
            return;
        }
        Kernel kernel = CudaLaunches.byDType(a, f32, f64);
        int grid = LaunchGeometry.perItem(NetworkPlan.tiles(g.m(), g.n()), launches.device.multiprocessors(),
                launches.device.residentBlocks(kernel));
        launches.device.launch(grid, KernelParams.of(kernel).address(as.address()).address(bs.address())
                .address(os.address()).i64(g.m()).i64(g.n()).i64(g.k()).i32(accumulate ? 1 : 0));
    }

    @Override
    public void biasActivation(Tensor z, Tensor bias, Activation activation, Tensor h) {
        synchronized (backend) {
            NetworkArguments.requireBiasActivation(z, bias, activation, h);
            CudaTensor zs = own(z);
            CudaTensor bs = own(bias);
            CudaTensor hs = own(h);
            long rows = NetworkArguments.rows(z);
            long cols = NetworkArguments.cols(z);
            if (rows * cols == 0) {
                return;
            }
            Kernel kernel = CudaLaunches.byDType(z, Kernel.BIAS_ACTIVATION_F32, Kernel.BIAS_ACTIVATION_F64);
            launches.device.launch(launches.itemGrid(kernel, rows * cols), KernelParams.of(kernel).address(zs.address())
                    .address(bs.address()).address(hs.address()).i32(activation.ordinal()).i64(rows).i64(cols));
        }
    }

    @Override
    public void activationBackward(Activation activation, Tensor h, Tensor upstream, Tensor out) {
        synchronized (backend) {
            NetworkArguments.requireActivationBackward(activation, h, upstream, out);
            CudaTensor hs = own(h);
            CudaTensor us = own(upstream);
            CudaTensor os = own(out);
            long n = hs.size();
            if (n == 0) {
                return;
            }
            Kernel kernel = CudaLaunches.byDType(h, Kernel.ACTIVATION_BACKWARD_F32, Kernel.ACTIVATION_BACKWARD_F64);
            launches.device.launch(launches.itemGrid(kernel, n), KernelParams.of(kernel).i32(activation.ordinal())
                    .address(hs.address()).address(us.address()).address(os.address()).i64(n));
        }
    }

    @Override
    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        synchronized (backend) {
            NetworkArguments.requireColumnSums(a, out);
            CudaTensor as = own(a);
            CudaTensor os = own(out);
            long rows = NetworkArguments.rows(a);
            long cols = NetworkArguments.cols(a);
            if (cols == 0) {
                return;
            }
            Kernel kernel = CudaLaunches.byDType(a, Kernel.COLUMN_SUMS_F32, Kernel.COLUMN_SUMS_F64);
            launches.device.launch(launches.itemGrid(kernel, cols), KernelParams.of(kernel).address(as.address())
                    .address(os.address()).i64(rows).i64(cols).i32(accumulate ? 1 : 0));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The sum of the losses is a deterministic two-pass sum of the per-row losses; with a bad label
     * the rows before it may already have their gradient written when the call throws.
     */
    @Override
    public double softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor gradient, double scale) {
        synchronized (backend) {
            NetworkArguments.requireSoftmaxCrossEntropy(logits, labels, gradient, scale);
            CudaTensor zs = own(logits);
            CudaTensor ys = own(labels);
            CudaTensor gs = own(gradient);
            long rows = NetworkArguments.rows(logits);
            long classes = NetworkArguments.cols(logits);
            if (rows == 0) {
                return 0;
            }
            KernelParams pass1 = KernelParams.of(CudaLaunches.byDType(logits, Kernel.SOFTMAX_CROSS_ENTROPY_F32,
                    Kernel.SOFTMAX_CROSS_ENTROPY_F64)).address(zs.address()).address(ys.address()).address(gs.address())
                    .i64(rows).i64(classes).f64(scale);
            double[] results = launches.reduce(pass1, rows, Kernel.SUM_PARTIALS, Kernel.MAX_PARTIALS);
            requireLabels(ys, rows, results[1], classes);
            return results[0];
        }
    }

    @Override
    public void softmaxCurvatureProduct(Tensor logits, Tensor v, Tensor out, double scale) {
        synchronized (backend) {
            NetworkArguments.requireSoftmaxCurvatureProduct(logits, v, out, scale);
            CudaTensor zs = own(logits);
            CudaTensor vs = own(v);
            CudaTensor os = own(out);
            long rows = NetworkArguments.rows(logits);
            long classes = NetworkArguments.cols(logits);
            if (rows == 0) {
                return;
            }
            Kernel kernel = CudaLaunches.byDType(logits, Kernel.SOFTMAX_CURVATURE_PRODUCT_F32,
                    Kernel.SOFTMAX_CURVATURE_PRODUCT_F64);
            launches.device.launch(launches.itemGrid(kernel, rows), KernelParams.of(kernel).address(zs.address())
                    .address(vs.address()).address(os.address()).i64(rows).i64(classes).f64(scale));
        }
    }

    @Override
    public double squaredError(Tensor pred, Tensor target, Tensor gradient, double scale) {
        synchronized (backend) {
            NetworkArguments.requireSquaredError(pred, target, gradient, scale);
            CudaTensor ps = own(pred);
            CudaTensor ts = own(target);
            CudaTensor gs = own(gradient);
            long n = ps.size();
            if (n == 0) {
                return 0;
            }
            KernelParams pass1 = KernelParams.of(CudaLaunches.byDType(pred, Kernel.SQUARED_ERROR_F32,
                    Kernel.SQUARED_ERROR_F64)).address(ps.address()).address(ts.address()).address(gs.address())
                    .i64(n).f64(scale);
            return launches.reduce(pass1, n, Kernel.SUM_PARTIALS);
        }
    }

    @Override
    public long correctPredictions(Tensor logits, Tensor labels) {
        synchronized (backend) {
            NetworkArguments.requireCorrectPredictions(logits, labels);
            CudaTensor zs = own(logits);
            CudaTensor ys = own(labels);
            long rows = NetworkArguments.rows(logits);
            long classes = NetworkArguments.cols(logits);
            if (rows == 0) {
                return 0;
            }
            KernelParams pass1 = KernelParams.of(CudaLaunches.byDType(logits, Kernel.CORRECT_PREDICTIONS_F32,
                    Kernel.CORRECT_PREDICTIONS_F64)).address(zs.address()).address(ys.address()).i64(rows).i64(classes);
            return (long) launches.reduce(pass1, rows, Kernel.SUM_PARTIALS); // a count below 2⁵³: exact in double
        }
    }

    @Override
    public void gatherRows(Tensor source, int[] rows, Tensor out) {
        synchronized (backend) {
            NetworkArguments.requireGatherRows(source, rows, out);
            CudaTensor ss = own(source);
            CudaTensor os = own(out);
            long cols = NetworkArguments.cols(source);
            if (rows.length == 0 || cols == 0) {
                return;
            }
            long address = indices.atLeast(4L * rows.length);
            launches.device.upload(address, rows.length, 4, (chunk, first, count) ->
                    MemorySegment.copy(rows, (int) first, chunk, ValueLayout.JAVA_INT_UNALIGNED, 0, count));
            Kernel kernel = CudaLaunches.byDType(source, Kernel.GATHER_ROWS_F32, Kernel.GATHER_ROWS_F64);
            launches.device.launch(launches.itemGrid(kernel, rows.length * cols), KernelParams.of(kernel)
                    .address(ss.address()).address(address).address(os.address()).i64(rows.length).i64(cols));
        }
    }

    /**
     * Throws as {@link NetworkArguments#requireLabel} does if the kernel found a label that is not a class:
     * {@code bad} is {@code rows − row} of the first such row (0 for none), whose label alone is copied back.
     */
    private void requireLabels(CudaTensor labels, long rows, double bad, long classes) {
        if (bad == 0) {
            return;
        }
        long row = rows - (long) bad;
        int bytes = labels.dtype().byteSize();
        double[] value = new double[1];
        launches.device.download(labels.address() + row * bytes, 1, bytes, (chunk, first, count) ->
                value[0] = labels.dtype() == DType.FLOAT32 ? chunk.get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0)
                        : chunk.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0));
        NetworkArguments.requireLabel(labels, row, value[0], (int) classes);
        throw new IllegalStateException("the kernel reported row " + row + " of '" + labels.name()
                + "' as a bad label, but its value " + value[0] + " is a class in 0 … " + (classes - 1));
    }

    private CudaTensor own(Tensor t) {
        return CudaTensors.own(backend, t);
    }
}

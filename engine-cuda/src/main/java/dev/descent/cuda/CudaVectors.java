package dev.descent.cuda;

import dev.descent.backend.KernelArguments;
import dev.descent.backend.VectorOps;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The CUDA backend's vector operations. Calls are serialised with the backend's other calls, each
 * under the backend's lock; the launches and reductions they share with the objective kernels are
 * {@link CudaLaunches}'.
 */
final class CudaVectors implements VectorOps {

    private final CudaBackend backend;
    private final CudaLaunches launches;

    CudaVectors(CudaBackend backend, CudaLaunches launches) {
        this.backend = backend;
        this.launches = launches;
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        synchronized (backend) {
            CudaTensors.requireCompatible(backend, x, y);
            CudaTensor xs = (CudaTensor) x;
            CudaTensor ys = (CudaTensor) y;
            if (x.dtype() == DType.FLOAT32) {
                launches.elementwise(KernelParams.of(Kernel.AXPY_F32).f32((float) alpha), xs, xs, ys);
            } else {
                launches.elementwise(KernelParams.of(Kernel.AXPY_F64).f64(alpha), xs, xs, ys);
            }
        }
    }

    @Override
    public void scale(double alpha, Tensor x) {
        synchronized (backend) {
            CudaTensor xs = CudaTensors.own(backend, x);
            if (x.dtype() == DType.FLOAT32) {
                launches.elementwise(KernelParams.of(Kernel.SCALE_F32).f32((float) alpha), xs, xs);
            } else {
                launches.elementwise(KernelParams.of(Kernel.SCALE_F64).f64(alpha), xs, xs);
            }
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        synchronized (backend) {
            CudaTensors.requireCompatible(backend, src, dst);
            CudaTensor s = (CudaTensor) src;
            CudaTensor d = (CudaTensor) dst;
            if (s != d && s.byteSize() > 0) {
                launches.device.copy(s.address(), d.address(), s.byteSize());
            }
        }
    }

    @Override
    public void fill(Tensor x, double value) {
        synchronized (backend) {
            CudaTensor xs = CudaTensors.own(backend, x);
            if (xs.size() == 0) {
                return;
            }
            if (x.dtype() == DType.FLOAT32) {
                launches.device.fill32(xs.address(), Float.floatToRawIntBits((float) value), xs.size());
            } else {
                launches.elementwise(KernelParams.of(Kernel.FILL_F64).f64(value), xs, xs);
            }
        }
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        synchronized (backend) {
            combine(Kernel.MULTIPLY_F32, Kernel.MULTIPLY_F64, a, b, out);
        }
    }

    @Override
    public void divide(Tensor a, Tensor b, Tensor out) {
        synchronized (backend) {
            combine(Kernel.DIVIDE_F32, Kernel.DIVIDE_F64, a, b, out);
        }
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
    public double dot(Tensor a, Tensor b) {
        synchronized (backend) {
            CudaTensors.requireCompatible(backend, a, b);
            CudaTensor as = (CudaTensor) a;
            CudaTensor bs = (CudaTensor) b;
            if (as.size() == 0) {
                return 0;
            }
            KernelParams pass1 = KernelParams.of(launches.byDType(a, Kernel.DOT_F32, Kernel.DOT_F64))
                    .address(as.address()).address(bs.address())
                    .i64(as.size()).i32(launches.vectorized(as.address(), bs.address()));
            return launches.reduce(pass1, as.size(), Kernel.SUM_PARTIALS);
        }
    }

    /** {@inheritDoc} The root of {@link #dot}{@code (x, x)}: within half its relative bound, plus one rounding. */
    @Override
    public double norm2(Tensor x) {
        synchronized (backend) {
            return Math.sqrt(dot(x, x));
        }
    }

    /** {@inheritDoc} Exact: a maximum does not depend on the order it is taken in. */
    @Override
    public double maxAbs(Tensor x) {
        synchronized (backend) {
            CudaTensor xs = CudaTensors.own(backend, x);
            if (xs.size() == 0) {
                return 0;
            }
            KernelParams pass1 = KernelParams.of(launches.byDType(x, Kernel.MAX_ABS_F32, Kernel.MAX_ABS_F64))
                    .address(xs.address()).i64(xs.size()).i32(launches.vectorized(xs.address()));
            return launches.reduce(pass1, xs.size(), Kernel.MAX_PARTIALS);
        }
    }

    @Override
    public boolean hasNonFinite(Tensor x) {
        synchronized (backend) {
            CudaTensor xs = CudaTensors.own(backend, x);
            if (xs.size() == 0) {
                return false;
            }
            KernelParams pass1 = KernelParams.of(launches.byDType(x, Kernel.NON_FINITE_F32, Kernel.NON_FINITE_F64))
                    .address(xs.address()).i64(xs.size()).i32(launches.vectorized(xs.address()));
            return launches.reduce(pass1, xs.size(), Kernel.MAX_PARTIALS) != 0;
        }
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
    public void dots(Tensor[] a, Tensor[] b, double[] out) {
        synchronized (backend) {
            KernelArguments.requireDots(a, b, out);
            long[] as = launches.addresses(a);
            long[] bs = launches.addresses(b);
            long n = a[0].size();
            if (n == 0) {
                Arrays.fill(out, 0, a.length * b.length, 0.0);
                return;
            }
            DotPairs pairs = DotPairs.of(as, bs);
            long tableAddress = launches.upload(pairs.table());
            int blocks = ReductionPlan.blocks(n);
            long results = launches.workspace.atLeast(8L * (pairs.products() + (long) DotPairs.MAX_PER_LAUNCH * blocks));
            long partials = results + 8L * pairs.products();
            Kernel pass1 = launches.byDType(a[0], Kernel.DOTS_F32, Kernel.DOTS_F64);
            for (int launch = 0; launch < pairs.launches(); launch++) {
                int first = pairs.firstOf(launch);
                int count = pairs.countOf(launch);
                launches.device.launch(blocks,
                        KernelParams.of(pass1).address(tableAddress + (long) OperandTable.RECORD_BYTES * first)
                        .i32(count).i64(n).i32(pairs.vectorizable(launch) ? 1 : 0).address(partials));
                launches.device.launch(count, KernelParams.of(Kernel.SUM_PARTIALS).address(partials).i32(blocks)
                        .address(results + 8L * first));
            }
            double[] products = launches.downloadDoubles(results, pairs.products());
            for (int k = 0; k < a.length * b.length; k++) {
                out[k] = products[pairs.productOf(k)];
            }
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
    public void linearCombination(double[] coefficients, Tensor[] vectors, Tensor out) {
        synchronized (backend) {
            KernelArguments.requireLinearCombination(coefficients, vectors, out);
            long[] addresses = launches.addresses(vectors);
            CudaTensor os = CudaTensors.own(backend, out);
            long n = os.size();
            if (n == 0) {
                return;
            }
            long table = launches.upload(OperandTable.terms(addresses, coefficients));
            boolean vectorized = Alignment.vectorizable(addresses) && Alignment.vectorizable(os.address());
            Kernel kernel = launches.byDType(out, Kernel.LINEAR_COMBINATION_F32, Kernel.LINEAR_COMBINATION_F64);
            launches.device.launch(launches.elementwiseGrid(kernel, n, out.dtype(), vectorized),
                    KernelParams.of(kernel).address(table)
                    .i32(vectors.length).address(os.address()).i64(n).i32(vectorized ? 1 : 0));
        }
    }

    private void combine(Kernel f32, Kernel f64, Tensor a, Tensor b, Tensor out) {
        CudaTensors.requireCompatible(backend, a, b);
        CudaTensors.requireCompatible(backend, a, out);
        CudaTensor as = (CudaTensor) a;
        CudaTensor bs = (CudaTensor) b;
        CudaTensor os = (CudaTensor) out;
        launches.elementwise(KernelParams.of(launches.byDType(a, f32, f64)), as, as, bs, os);
    }
}

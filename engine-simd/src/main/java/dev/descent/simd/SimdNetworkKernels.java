package dev.descent.simd;

import dev.descent.backend.Backend;
import dev.descent.backend.NetworkArguments;
import dev.descent.backend.NetworkKernels;
import dev.descent.cpu.CpuTensors;
import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The SIMD backend's multilayer-perceptron kernels, twins of {@code dev.descent.reference.ReferenceNetworkKernels}.
 *
 * <p><b>Products.</b> float32 products run {@link FloatGemm}: cache-blocked and packed (Goto &amp; van de
 * Geijn 2008), a register-tiled micro-kernel of fused multiply-adds, the blocks of the result spread over
 * the backend's threads. They <em>accumulate in float32 lanes</em>, not in double as the reference does,
 * so an element agrees with the reference within {@code γ_{k+1}·(|out| + Σₗ|aᵢₗ|·|bₗⱼ|)}, {@code u = 2⁻²⁴}
 * (the bound {@link NetworkKernels} allows); float64 products run {@link DoubleGemm}, plainer loops with
 * the same bound for {@code u = 2⁻⁵³}. Results never depend on the thread count.
 *
 * <p><b>Element-wise and row kernels.</b> In double lanes from the widened inputs, rounded once, as the
 * reference: bias + activation and its backward pass ({@link ActivationKernel}), the softmax kernels
 * ({@link SoftmaxKernel}), the squared error ({@link SquaredErrorKernel}), column sums (the tiles of
 * {@code matTransposeVec} with a vector of ones, so equal to the reference bit for bit when one row block
 * covers the rows). Each class states how far it may differ from the reference. Large calls run on the
 * backend's threads, row blocks or element chunks fixed by the shapes alone.
 */
final class SimdNetworkKernels implements NetworkKernels {

    private final Backend backend;
    private final ChunkScheduler scheduler;
    private volatile MemorySegment floatOnes = MemorySegment.ofArray(new float[0]);
    private volatile MemorySegment doubleOnes = MemorySegment.ofArray(new double[0]);

    SimdNetworkKernels(Backend backend, ChunkScheduler scheduler) {
        this.backend = backend;
        this.scheduler = scheduler;
    }

    @Override
    public void matMulTransposeB(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        // torch.nn.functional.linear: y = x·Wᵀ; A(i, l) = a[i·k + l], B(l, j) = b[j·k + l].
        NetworkArguments.Gemm g = NetworkArguments.requireMatMulTransposeB(a, b, out);
        gemm(g, a, g.k(), 1, b, 1, g.k(), out, accumulate);
    }

    @Override
    public void matMulTransposeA(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        // The weight gradient δᵀ·h; A(i, l) = a[l·m + i], B(l, j) = b[l·n + j].
        NetworkArguments.Gemm g = NetworkArguments.requireMatMulTransposeA(a, b, out);
        gemm(g, a, 1, g.m(), b, g.n(), 1, out, accumulate);
    }

    @Override
    public void matMul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        // δ passed down a layer, δ·W; A(i, l) = a[i·k + l], B(l, j) = b[l·n + j].
        NetworkArguments.Gemm g = NetworkArguments.requireMatMul(a, b, out);
        gemm(g, a, g.k(), 1, b, g.n(), 1, out, accumulate);
    }

    /** {@code out ← [out +] A·B} with {@code A(i, l) = a[i·ai + l·al]} and {@code B(l, j) = b[l·bl + j·bj]}. */
    private void gemm(NetworkArguments.Gemm g, Tensor a, long ai, long al, Tensor b, long bl, long bj, Tensor out,
            boolean accumulate) {
        MemorySegment as = segment(a);
        MemorySegment bs = segment(b);
        MemorySegment os = segment(out);
        if (a.dtype() == DType.FLOAT32) {
            FloatGemm.multiply(as, ai, al, bs, bl, bj, os, GemmBlocks.of(g.m(), g.n(), g.k(), scheduler.threads()),
                    accumulate, scheduler);
        } else {
            DoubleGemm.multiply(as, ai, al, bs, bl, bj, os, g.m(), g.n(), g.k(), accumulate, scheduler);
        }
    }

    @Override
    public void biasActivation(Tensor z, Tensor bias, Activation activation, Tensor h) {
        NetworkArguments.requireBiasActivation(z, bias, activation, h);
        MemorySegment zs = segment(z);
        MemorySegment bs = segment(bias);
        MemorySegment hs = segment(h);
        long n = NetworkArguments.cols(z);
        boolean floats = z.dtype() == DType.FLOAT32;
        rowBlocks(NetworkArguments.rows(z), n, (from, to) -> {
            if (floats) {
                ActivationKernel.biasActivationFloats(activation, zs, bs, hs, n, from, to);
            } else {
                ActivationKernel.biasActivationDoubles(activation, zs, bs, hs, n, from, to);
            }
        }, zs, bs, hs);
    }

    @Override
    public void activationBackward(Activation activation, Tensor h, Tensor upstream, Tensor out) {
        NetworkArguments.requireActivationBackward(activation, h, upstream, out);
        MemorySegment hs = segment(h);
        MemorySegment us = segment(upstream);
        MemorySegment os = segment(out);
        boolean floats = h.dtype() == DType.FLOAT32;
        scheduler.chunked(h.size(), (from, to) -> {
            if (floats) {
                ActivationKernel.backwardFloats(activation, hs, us, os, from, to);
            } else {
                ActivationKernel.backwardDoubles(activation, hs, us, os, from, to);
            }
        }, hs, us, os);
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code matTransposeVec}'s tiles with {@code v = 1} ({@code aᵢⱼ·1} is exact): equal to the reference
     * bit for bit when the matrix has one row block (see {@link TransposeTiles}), else within
     * {@code 2γₘ·Σᵢ|aᵢⱼ|} of it.
     */
    @Override
    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        NetworkArguments.requireColumnSums(a, out);
        MemorySegment as = segment(a);
        MemorySegment os = segment(out);
        boolean floats = a.dtype() == DType.FLOAT32;
        int m = NetworkArguments.rows(a);
        TransposeTiles tiles = TransposeTiles.of(m, NetworkArguments.cols(a));
        int cols = tiles.cols();
        MemorySegment ones = ones(m, floats);
        double[] sums = new double[tiles.rowBlocks() * cols];
        scheduler.tasks(tiles.tiles(), a.size(), t -> {
            int r = t / tiles.columnBlocks();
            int c = t % tiles.columnBlocks();
            MatrixVectorKernel.addTransposedTile(as, cols, ones, floats, tiles.rowFrom(r), tiles.rowFrom(r + 1),
                    tiles.columnFrom(c), tiles.columnTo(c), sums, r * cols);
        }, as);
        if (accumulate) {
            for (int j = 0; j < cols; j++) {
                sums[j] += DoubleLanes.element(os, floats, j);
            }
        }
        MatrixVectorKernel.storeTransposed(sums, tiles.rowBlocks(), cols, os, floats);
    }

    /**
     * At least {@code m} ones in the dtype, for {@code Σ_rows a = aᵀ·1}: kept and grown rather than made per
     * call, since column sums run for every layer of every step. Each array is filled before it is
     * published, so a racing call at worst builds one twice.
     */
    private MemorySegment ones(int m, boolean floats) {
        MemorySegment have = floats ? floatOnes : doubleOnes;
        if (have.byteSize() >= (long) m * (floats ? Float.BYTES : Double.BYTES)) {
            return have;
        }
        if (floats) {
            float[] ones = new float[m];
            Arrays.fill(ones, 1f);
            return floatOnes = MemorySegment.ofArray(ones);
        }
        double[] ones = new double[m];
        Arrays.fill(ones, 1.0);
        return doubleOnes = MemorySegment.ofArray(ones);
    }


    /**
     * {@inheritDoc}
     *
     * <p>Row blocks of about {@link Chunks#CHUNK} logits run on the backend's threads; their sums are added
     * in block order. See {@link SoftmaxKernel} for the agreement with the reference.
     */
    @Override
    public double softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor gradient, double scale) {
        NetworkArguments.requireSoftmaxCrossEntropy(logits, labels, gradient, scale);
        MemorySegment zs = segment(logits);
        MemorySegment ys = segment(labels);
        MemorySegment gs = segment(gradient);
        boolean floats = logits.dtype() == DType.FLOAT32;
        int m = NetworkArguments.rows(logits);
        int k = NetworkArguments.cols(logits);
        int[] classes = new int[m];
        for (int i = 0; i < m; i++) { // every label first, so that a bad one leaves the gradient untouched
            classes[i] = NetworkArguments.requireLabel(labels, i, DoubleLanes.element(ys, floats, i), k);
        }
        int rowsPerTask = Math.max(1, Chunks.CHUNK / k);
        double[] partials = new double[(m + rowsPerTask - 1) / rowsPerTask];
        scheduler.tasks(partials.length, logits.size(), t -> partials[t] = SoftmaxKernel.crossEntropyRows(zs, gs,
                floats, k, classes, scale, t * rowsPerTask, Math.min(m, (t + 1) * rowsPerTask)), zs, gs);
        return SimdReductions.sum(partials);
    }

    @Override
    public void softmaxCurvatureProduct(Tensor logits, Tensor v, Tensor out, double scale) {
        NetworkArguments.requireSoftmaxCurvatureProduct(logits, v, out, scale);
        MemorySegment zs = segment(logits);
        MemorySegment vs = segment(v);
        MemorySegment os = segment(out);
        boolean floats = logits.dtype() == DType.FLOAT32;
        int k = NetworkArguments.cols(logits);
        rowBlocks(NetworkArguments.rows(logits), k, (from, to) -> SoftmaxKernel.curvatureRows(zs, vs, os, floats, k,
                scale, (int) from, (int) to), zs, vs, os);
    }

    /** {@inheritDoc} See {@link SquaredErrorKernel}; blocks of {@link Chunks#CHUNK} elements added in order. */
    @Override
    public double squaredError(Tensor pred, Tensor target, Tensor gradient, double scale) {
        NetworkArguments.requireSquaredError(pred, target, gradient, scale);
        MemorySegment ps = segment(pred);
        MemorySegment ts = segment(target);
        MemorySegment gs = segment(gradient);
        boolean floats = pred.dtype() == DType.FLOAT32;
        return SimdReductions.sum(scheduler.blockwise(pred.size(), (from, to) -> floats
                ? SquaredErrorKernel.floats(ps, ts, gs, scale, from, to)
                : SquaredErrorKernel.doubles(ps, ts, gs, scale, from, to), ps, ts, gs));
    }

    /** {@inheritDoc} Exact: comparisons only, on the calling thread (a pass over the logits, small next to the products). */
    @Override
    public long correctPredictions(Tensor logits, Tensor labels) {
        // torch.argmax: the first maximal value's index, compared with the label.
        NetworkArguments.requireCorrectPredictions(logits, labels);
        MemorySegment zs = segment(logits);
        MemorySegment ys = segment(labels);
        boolean floats = logits.dtype() == DType.FLOAT32;
        long m = NetworkArguments.rows(logits);
        long k = NetworkArguments.cols(logits);
        long correct = 0;
        for (long i = 0; i < m; i++) {
            long best = 0;
            double max = DoubleLanes.element(zs, floats, i * k);
            for (long j = 1; j < k; j++) {
                double zij = DoubleLanes.element(zs, floats, i * k + j);
                if (zij > max) {
                    best = j;
                    max = zij;
                }
            }
            if (DoubleLanes.element(ys, floats, i) == best) {
                correct++;
            }
        }
        return correct;
    }

    /** {@inheritDoc} A bulk copy per row. */
    @Override
    public void gatherRows(Tensor source, int[] rows, Tensor out) {
        NetworkArguments.requireGatherRows(source, rows, out);
        MemorySegment ss = segment(source);
        MemorySegment os = segment(out);
        long rowBytes = NetworkArguments.cols(source) * source.dtype().byteSize();
        for (int r = 0; r < rows.length; r++) {
            MemorySegment.copy(ss, rows[r] * rowBytes, os, r * rowBytes, rowBytes);
        }
    }

    /** An operation over the rows {@code [from, to)} of a matrix. */
    @FunctionalInterface
    private interface Rows {
        void apply(long from, long to);
    }

    /** Runs {@code op} over row blocks of about {@link Chunks#CHUNK} elements of an {@code m × n} matrix. */
    private void rowBlocks(long m, long n, Rows op, MemorySegment... memory) {
        long rowsPerTask = Math.max(1, Chunks.CHUNK / Math.max(1, n));
        int tasks = Math.toIntExact((m + rowsPerTask - 1) / rowsPerTask);
        scheduler.tasks(tasks, m * n, t -> op.apply(t * rowsPerTask, Math.min(m, (t + 1) * rowsPerTask)), memory);
    }

    private MemorySegment segment(Tensor t) {
        return Segments.of(CpuTensors.own(backend, t));
    }
}

package dev.descent.simd;

import dev.descent.backend.Backend;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.VectorOps;
import dev.descent.cpu.CpuTensor;
import dev.descent.cpu.CpuTensors;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The SIMD backend's vector operations: elementwise ones chunk by chunk, reductions block by block
 * ({@link ChunkScheduler}).
 */
final class SimdVectors implements VectorOps {

    private final Backend backend;
    private final ChunkScheduler scheduler;

    SimdVectors(Backend backend, ChunkScheduler scheduler) {
        this.backend = backend;
        this.scheduler = scheduler;
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        CpuTensors.requireCompatible(backend, x, y);
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
        CpuTensors.requireCompatible(backend, src, dst);
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
        CpuTensors.requireCompatible(backend, a, b);
        CpuTensors.requireCompatible(backend, a, out);
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
        CpuTensors.requireCompatible(backend, a, b);
        MemorySegment as = Segments.of(a);
        MemorySegment bs = Segments.of(b);
        return SimdReductions.sum(a.dtype() == DType.FLOAT32
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

    private CpuTensor cpu(Tensor t) {
        return CpuTensors.own(backend, t);
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

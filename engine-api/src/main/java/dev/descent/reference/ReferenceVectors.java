package dev.descent.reference;

import dev.descent.backend.Backend;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.VectorOps;
import dev.descent.cpu.CpuTensor;
import dev.descent.cpu.CpuTensors;
import dev.descent.tensor.Tensor;

/**
 * The reference backend's vector operations: plain loops ({@link ReferenceVectorOps}).
 */
final class ReferenceVectors implements VectorOps {

    private final Backend backend;

    ReferenceVectors(Backend backend) {
        this.backend = backend;
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        CpuTensors.requireCompatible(backend, x, y);
        ReferenceVectorOps.axpy(alpha, cpu(x), cpu(y));
    }

    @Override
    public void scale(double alpha, Tensor x) {
        ReferenceVectorOps.scale(alpha, cpu(x));
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CpuTensors.requireCompatible(backend, src, dst);
        ReferenceVectorOps.copy(cpu(src), cpu(dst));
    }

    @Override
    public void fill(Tensor x, double value) {
        ReferenceVectorOps.fill(cpu(x), value);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        CpuTensors.requireCompatible(backend, a, b);
        CpuTensors.requireCompatible(backend, a, out);
        ReferenceVectorOps.multiply(cpu(a), cpu(b), cpu(out));
    }

    @Override
    public void divide(Tensor a, Tensor b, Tensor out) {
        CpuTensors.requireCompatible(backend, a, b);
        CpuTensors.requireCompatible(backend, a, out);
        ReferenceVectorOps.divide(cpu(a), cpu(b), cpu(out));
    }

    @Override
    public double dot(Tensor a, Tensor b) {
        CpuTensors.requireCompatible(backend, a, b);
        return ReferenceVectorOps.dot(cpu(a), cpu(b));
    }

    @Override
    public double norm2(Tensor x) {
        return ReferenceVectorOps.norm2(cpu(x));
    }

    @Override
    public double maxAbs(Tensor x) {
        return ReferenceVectorOps.maxAbs(cpu(x));
    }

    @Override
    public boolean hasNonFinite(Tensor x) {
        return ReferenceVectorOps.hasNonFinite(cpu(x));
    }

    @Override
    public void dots(Tensor[] a, Tensor[] b, double[] out) {
        KernelArguments.requireDots(a, b, out);
        ReferenceVectorOps.dots(cpu(a), cpu(b), out);
    }

    @Override
    public void linearCombination(double[] coefficients, Tensor[] vectors, Tensor out) {
        KernelArguments.requireLinearCombination(coefficients, vectors, out);
        ReferenceVectorOps.linearCombination(coefficients, cpu(vectors), cpu(out));
    }

    private CpuTensor cpu(Tensor t) {
        return CpuTensors.own(backend, t);
    }

    private CpuTensor[] cpu(Tensor[] ts) {
        CpuTensor[] out = new CpuTensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            out[i] = cpu(ts[i]);
        }
        return out;
    }
}

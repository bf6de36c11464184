package dev.descent.reference;

import dev.descent.backend.Availability;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.OptimizerKernels;
import dev.descent.cpu.CpuBackend;
import dev.descent.cpu.CpuTensor;
import dev.descent.cpu.CpuTensors;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * The specification: every kernel as a plain Java loop over one element at a time, in the order
 * torch's float32 CPU ops take. Tensors live on the Java heap ({@code float[]}/{@code double[]}), or
 * in a segment the caller wraps. Not fast, and not meant to be.
 */
public final class ReferenceBackend extends CpuBackend {

    /** The backend's name. */
    public static final String NAME = "reference";

    private final OptimizerKernels optimizerKernels = new ReferenceOptimizerKernels(this);

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
        return CpuTensor.onHeap(this, name, dtype, shape);
    }

    // ---- vector operations -------------------------------------------------------------------

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        CpuTensors.requireCompatible(this, x, y);
        ReferenceVectorOps.axpy(alpha, cpu(x), cpu(y));
    }

    @Override
    public void scale(double alpha, Tensor x) {
        ReferenceVectorOps.scale(alpha, cpu(x));
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CpuTensors.requireCompatible(this, src, dst);
        ReferenceVectorOps.copy(cpu(src), cpu(dst));
    }

    @Override
    public void fill(Tensor x, double value) {
        ReferenceVectorOps.fill(cpu(x), value);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        CpuTensors.requireCompatible(this, a, b);
        CpuTensors.requireCompatible(this, a, out);
        ReferenceVectorOps.multiply(cpu(a), cpu(b), cpu(out));
    }

    @Override
    public void divide(Tensor a, Tensor b, Tensor out) {
        CpuTensors.requireCompatible(this, a, b);
        CpuTensors.requireCompatible(this, a, out);
        ReferenceVectorOps.divide(cpu(a), cpu(b), cpu(out));
    }

    @Override
    public double dot(Tensor a, Tensor b) {
        CpuTensors.requireCompatible(this, a, b);
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

    // ---- objective kernels -------------------------------------------------------------------

    @Override
    public void matVec(Tensor a, Tensor x, Tensor out) {
        KernelArguments.requireMatrixVector(a, x, out, false);
        MatrixVectorKernel.matVec(cpu(a), a.shape()[0], a.shape()[1], cpu(x), cpu(out));
    }

    @Override
    public void matTransposeVec(Tensor a, Tensor v, Tensor out) {
        KernelArguments.requireMatrixVector(a, v, out, true);
        MatrixVectorKernel.matTransposeVec(cpu(a), a.shape()[0], a.shape()[1], cpu(v), cpu(out));
    }

    @Override
    public double rosenbrock(Tensor x, Tensor gradient) {
        KernelArguments.requireRosenbrock(x, gradient);
        return RosenbrockKernel.valueAndGradient(cpu(x), cpu(gradient));
    }

    @Override
    public void rosenbrockCurvatureVector(RosenbrockCurvature curvature, Tensor x, Tensor v, Tensor out) {
        KernelArguments.requireRosenbrock(x, v, out);
        RosenbrockKernel.curvatureVector(curvature, cpu(x), cpu(v), cpu(out));
    }

    @Override
    public void rosenbrockGaussNewtonDiagonal(Tensor x, Tensor out) {
        KernelArguments.requireRosenbrock(x, out);
        RosenbrockKernel.gaussNewtonDiagonal(cpu(x), cpu(out));
    }

    @Override
    public double logisticLoss(Tensor margins, Tensor labels, Tensor residual) {
        KernelArguments.requireSameSizes(margins, labels, residual);
        return LogisticLossKernel.lossAndResidual(cpu(margins), cpu(labels), cpu(residual));
    }

    @Override
    public void logisticCurvature(Tensor margins, Tensor weights) {
        KernelArguments.requireSameSizes(margins, weights);
        LogisticLossKernel.curvature(cpu(margins), cpu(weights));
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

    private CpuTensor[] cpu(Tensor[] ts) {
        CpuTensor[] out = new CpuTensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            out[i] = cpu(ts[i]);
        }
        return out;
    }
}

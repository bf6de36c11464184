package dev.descent.reference;

import dev.descent.backend.Backend;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.ObjectiveKernels;
import dev.descent.cpu.CpuTensor;
import dev.descent.cpu.CpuTensors;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.tensor.Tensor;

/**
 * The reference backend's objective kernels: plain loops, in double whatever the dtype.
 */
final class ReferenceObjectiveKernels implements ObjectiveKernels {

    private final Backend backend;

    ReferenceObjectiveKernels(Backend backend) {
        this.backend = backend;
    }

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

    private CpuTensor cpu(Tensor t) {
        return CpuTensors.own(backend, t);
    }
}

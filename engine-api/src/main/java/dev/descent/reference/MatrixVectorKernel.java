package dev.descent.reference;

import dev.descent.cpu.CpuTensor;

/**
 * {@code A·x} and {@code Aᵀ·v} for a row-major {@code m × n} matrix: each output element a sum in
 * double over ascending indices, rounded once (the objectives' arithmetic rule, {@link
 * dev.descent.backend.ObjectiveKernels}).
 */
final class MatrixVectorKernel {
    private MatrixVectorKernel() {
    }

    /** {@code outᵢ = Σⱼ Aᵢⱼ xⱼ}. */
    static void matVec(CpuTensor a, long rows, long cols, CpuTensor x, CpuTensor out) {
        for (long i = 0; i < rows; i++) {
            double sum = 0;
            for (long j = 0; j < cols; j++) {
                sum += a.get(i * cols + j) * x.get(j);
            }
            out.set(i, sum);
        }
    }

    /** {@code outⱼ = Σᵢ Aᵢⱼ vᵢ}, {@code i} ascending. */
    static void matTransposeVec(CpuTensor a, long rows, long cols, CpuTensor v, CpuTensor out) {
        double[] sums = new double[Math.toIntExact(cols)];
        for (long i = 0; i < rows; i++) {
            double vi = v.get(i);
            for (int j = 0; j < sums.length; j++) {
                sums[j] += a.get(i * cols + j) * vi;
            }
        }
        for (int j = 0; j < sums.length; j++) {
            out.set(j, sums[j]);
        }
    }
}

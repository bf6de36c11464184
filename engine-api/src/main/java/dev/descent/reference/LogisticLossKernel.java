package dev.descent.reference;

import dev.descent.cpu.CpuTensor;

/**
 * The logistic loss of a margin {@code z} with label {@code y = ±1}, {@code ℓ = log(1 + e^t)} with
 * {@code t = −yz}, and its first and second derivatives in {@code z}: {@code −y·σ(t)} and
 * {@code σ(z)σ(−z)}, for {@code σ(t) = 1/(1 + e^−t)}. Written so that no exponential overflows:
 * {@code ℓ = max(t, 0) + log1p(e^−|t|)}.
 */
final class LogisticLossKernel {
    private LogisticLossKernel() {
    }

    static double lossAndResidual(CpuTensor margins, CpuTensor labels, CpuTensor residual) {
        double sum = 0;
        for (long i = 0, n = margins.size(); i < n; i++) {
            double y = labels.get(i);
            double t = -y * margins.get(i);
            double e = Math.exp(-Math.abs(t)); // in (0, 1]: never overflows
            sum += Math.max(t, 0) + Math.log1p(e);
            double sigmoid = t >= 0 ? 1 / (1 + e) : e / (1 + e); // σ(t)
            residual.set(i, -y * sigmoid);
        }
        return sum;
    }

    static void curvature(CpuTensor margins, CpuTensor weights) {
        for (long i = 0, n = margins.size(); i < n; i++) {
            double e = Math.exp(-Math.abs(margins.get(i)));
            double d = 1 + e; // σ(|z|)·σ(−|z|) = e/(1+e)², without the cancellation of 1 − σ
            weights.set(i, e / (d * d));
        }
    }
}

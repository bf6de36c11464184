package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The softmax kernels of the cross-entropy loss, twins of the reference's {@code softmaxCrossEntropy} and
 * {@code softmaxCurvatureProduct}, row by row: a row of logits is widened into a double array, its
 * log-softmax computed in double lanes (shifted by the row maximum, torch's log_softmax), and each output
 * rounded once. The reference's formulas in its order, except that sums over a row add per lane and
 * {@code exp} and {@code log} are the Vector API's (an ulp or two from {@link Math#exp}): outputs agree
 * with the reference within a few ulps of double before rounding, a row's loss within
 * {@code γ_{k+2}·(log Σ e^{z−max} + |z_y − max|)}.
 */
final class SoftmaxKernel {
    private SoftmaxKernel() {
    }

    /**
     * For the rows {@code [from, to)} of {@code k} logits: writes {@code scale·(softmax(zᵢ) − onehot(yᵢ))} to
     * {@code gradient} and returns {@code Σᵢ −log softmax(zᵢ)_{yᵢ}}, rows added in order.
     */
    static double crossEntropyRows(MemorySegment z, MemorySegment gradient, boolean floats, int k, int[] classes,
            double scale, int from, int to) {
        double[] logP = new double[k];
        double total = 0;
        for (int i = from; i < to; i++) {
            long row = (long) i * k;
            logSoftmax(z, floats, row, k, logP);
            int y = classes[i];
            total -= logP[y];
            for (int j = 0; j < k; j += Lanes.DOUBLE_LENGTH) {
                VectorMask<Double> in = Lanes.DOUBLE_SPECIES.indexInRange(j, k);
                DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, logP, j, in).lanewise(VectorOperators.EXP)
                        .intoArray(logP, j, in); // logP becomes softmax(zᵢ)
            }
            logP[y] -= 1; // softmax − one-hot
            for (int j = 0; j < k; j++) {
                DoubleLanes.setElement(gradient, floats, row + j, scale * logP[j]);
            }
        }
        return total;
    }

    /** {@code outᵢ ← scale·pᵢ ⊙ (vᵢ − pᵢᵀvᵢ)}, {@code pᵢ = softmax(zᵢ)}, for the rows {@code [from, to)}. */
    static void curvatureRows(MemorySegment z, MemorySegment v, MemorySegment out, boolean floats, int k,
            double scale, int from, int to) {
        double[] p = new double[k];
        double[] vRow = new double[k];
        for (int i = from; i < to; i++) {
            long row = (long) i * k;
            logSoftmax(z, floats, row, k, p);
            DoubleVector pvLanes = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
            for (int j = 0; j < k; j++) {
                vRow[j] = DoubleLanes.element(v, floats, row + j);
            }
            for (int j = 0; j < k; j += Lanes.DOUBLE_LENGTH) {
                VectorMask<Double> in = Lanes.DOUBLE_SPECIES.indexInRange(j, k);
                DoubleVector pj = DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, p, j, in).lanewise(VectorOperators.EXP);
                pj.intoArray(p, j, in);
                pvLanes = pj.fma(DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, vRow, j, in), pvLanes);
            }
            double pv = DoubleLanes.sumLanes(pvLanes);
            for (int j = 0; j < k; j++) { // v read before out written: out may be v
                DoubleLanes.setElement(out, floats, row + j, scale * p[j] * (vRow[j] - pv));
            }
        }
    }

    /**
     * {@code logP[j] ← (zⱼ − max) − log Σₗ exp(zₗ − max)} for the {@code k} logits of the row at {@code row}:
     * torch's log_softmax, shifted by the row maximum so that no exponential overflows.
     */
    private static void logSoftmax(MemorySegment z, boolean floats, long row, int k, double[] logP) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            logP[j] = DoubleLanes.element(z, floats, row + j);
            max = Math.max(max, logP[j]);
        }
        DoubleVector sumExp = DoubleVector.zero(Lanes.DOUBLE_SPECIES);
        for (int j = 0; j < k; j += Lanes.DOUBLE_LENGTH) {
            VectorMask<Double> in = Lanes.DOUBLE_SPECIES.indexInRange(j, k);
            DoubleVector shifted = DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, logP, j, in).sub(max);
            shifted.intoArray(logP, j, in);
            sumExp = sumExp.add(shifted.lanewise(VectorOperators.EXP, in), in);
        }
        double logSum = Math.log(DoubleLanes.sumLanes(sumExp));
        for (int j = 0; j < k; j++) {
            logP[j] -= logSum;
        }
    }
}

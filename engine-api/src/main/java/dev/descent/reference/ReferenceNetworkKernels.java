package dev.descent.reference;

import dev.descent.backend.Backend;
import dev.descent.backend.NetworkArguments;
import dev.descent.backend.NetworkKernels;
import dev.descent.cpu.CpuTensor;
import dev.descent.cpu.CpuTensors;
import dev.descent.kernel.Activation;
import dev.descent.tensor.Tensor;

/**
 * The reference backend's multilayer-perceptron kernels, the specification the other backends are
 * tested against: plain loops, every element computed in double from the widened inputs and rounded
 * once to the dtype, every sum accumulated in double over ascending indices.
 */
final class ReferenceNetworkKernels implements NetworkKernels {

    private final Backend backend;

    ReferenceNetworkKernels(Backend backend) {
        this.backend = backend;
    }

    @Override
    public void matMulTransposeB(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        // torch.nn.functional.linear: y = x·Wᵀ (+ b), W stored [out, in]; a(i, l) = a[i·k + l], b(l, j) = b[j·k + l].
        NetworkArguments.Gemm g = NetworkArguments.requireMatMulTransposeB(a, b, out);
        gemm(g, cpu(a), g.k(), 1, cpu(b), 1, g.k(), cpu(out), accumulate);
    }

    @Override
    public void matMulTransposeA(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        // Backpropagation's weight gradient δᵀ·h (Rumelhart, Hinton & Williams 1986, eq. 8, summed over a batch).
        NetworkArguments.Gemm g = NetworkArguments.requireMatMulTransposeA(a, b, out);
        gemm(g, cpu(a), 1, g.m(), cpu(b), g.n(), 1, cpu(out), accumulate);
    }

    @Override
    public void matMul(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        // Backpropagation's δ passed down a layer, δ·W (Rumelhart, Hinton & Williams 1986, eq. 14, batched).
        NetworkArguments.Gemm g = NetworkArguments.requireMatMul(a, b, out);
        gemm(g, cpu(a), g.k(), 1, cpu(b), g.n(), 1, cpu(out), accumulate);
    }

    /**
     * {@code out(i, j) ← [out(i, j) +] Σₗ a(i, l)·b(l, j)}, {@code l} ascending, summed in double and rounded
     * once, where {@code a(i, l) = a[i·ai + l·al]} and {@code b(l, j) = b[l·bl + j·bj]}: the strides say
     * which operand is read transposed.
     */
    private static void gemm(NetworkArguments.Gemm g, CpuTensor a, long ai, long al, CpuTensor b, long bl, long bj,
            CpuTensor out, boolean accumulate) {
        for (long i = 0; i < g.m(); i++) {
            for (long j = 0; j < g.n(); j++) {
                double sum = 0;
                for (long l = 0; l < g.k(); l++) {
                    sum += a.get(i * ai + l * al) * b.get(l * bl + j * bj);
                }
                store(out, i * g.n() + j, sum, accumulate);
            }
        }
    }

    @Override
    public void biasActivation(Tensor z, Tensor bias, Activation activation, Tensor h) {
        NetworkArguments.requireBiasActivation(z, bias, activation, h);
        CpuTensor cz = cpu(z), cb = cpu(bias), ch = cpu(h);
        long m = NetworkArguments.rows(z), n = NetworkArguments.cols(z);
        for (long i = 0; i < m; i++) {
            for (long j = 0; j < n; j++) {
                long e = i * n + j;
                cz.set(e, cz.get(e) + cb.get(j));
                ch.set(e, activate(activation, cz.get(e))); // φ of z as stored, rounded to the dtype
            }
        }
    }

    @Override
    public void activationBackward(Activation activation, Tensor h, Tensor upstream, Tensor out) {
        NetworkArguments.requireActivationBackward(activation, h, upstream, out);
        CpuTensor ch = cpu(h), cu = cpu(upstream), co = cpu(out);
        for (long e = 0, size = h.size(); e < size; e++) {
            co.set(e, backward(activation, ch.get(e), cu.get(e)));
        }
    }

    @Override
    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        // torch's Linear bias gradient: grad_output.sum(0).
        NetworkArguments.requireColumnSums(a, out);
        CpuTensor ca = cpu(a), co = cpu(out);
        long m = NetworkArguments.rows(a), n = NetworkArguments.cols(a);
        for (long j = 0; j < n; j++) {
            double sum = 0;
            for (long i = 0; i < m; i++) {
                sum += ca.get(i * n + j);
            }
            store(co, j, sum, accumulate);
        }
    }

    @Override
    public double softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor gradient, double scale) {
        // torch.nn.CrossEntropyLoss = log_softmax + nll_loss; log-sum-exp shifted by the row maximum.
        NetworkArguments.requireSoftmaxCrossEntropy(logits, labels, gradient, scale);
        CpuTensor cz = cpu(logits), cy = cpu(labels), cg = cpu(gradient);
        int m = NetworkArguments.rows(logits), k = NetworkArguments.cols(logits);
        int[] classes = new int[m];
        for (int i = 0; i < m; i++) { // every label first, so that a bad one leaves the gradient untouched
            classes[i] = NetworkArguments.requireLabel(labels, i, cy.get(i), k);
        }
        double[] logP = new double[k];
        double total = 0;
        for (long i = 0; i < m; i++) {
            long row = i * k;
            logSoftmax(cz, row, k, logP);
            int y = classes[(int) i];
            total -= logP[y];
            for (int j = 0; j < k; j++) { // softmax − one-hot, the gradient of CE in the logits
                cg.set(row + j, scale * (Math.exp(logP[j]) - (j == y ? 1 : 0)));
            }
        }
        return total;
    }

    @Override
    public void softmaxCurvatureProduct(Tensor logits, Tensor v, Tensor out, double scale) {
        // Schraudolph 2002, §3: H_L·v = (diag(p) − ppᵀ)·v = p ⊙ (v − pᵀv) for softmax + cross-entropy.
        NetworkArguments.requireSoftmaxCurvatureProduct(logits, v, out, scale);
        CpuTensor cz = cpu(logits), cv = cpu(v), co = cpu(out);
        int m = NetworkArguments.rows(logits), k = NetworkArguments.cols(logits);
        double[] p = new double[k];
        for (long i = 0; i < m; i++) {
            long row = i * k;
            logSoftmax(cz, row, k, p);
            double pv = 0;
            for (int j = 0; j < k; j++) {
                p[j] = Math.exp(p[j]);
                pv += p[j] * cv.get(row + j);
            }
            for (int j = 0; j < k; j++) { // v read before out written: out may be v
                co.set(row + j, scale * p[j] * (cv.get(row + j) - pv));
            }
        }
    }

    @Override
    public double squaredError(Tensor pred, Tensor target, Tensor gradient, double scale) {
        // torch.nn.MSELoss: Σ (pred − target)², gradient 2·(pred − target) times the caller's 1/(m·k).
        NetworkArguments.requireSquaredError(pred, target, gradient, scale);
        CpuTensor cp = cpu(pred), ct = cpu(target), cg = cpu(gradient);
        double total = 0;
        for (long e = 0, size = pred.size(); e < size; e++) {
            double d = cp.get(e) - ct.get(e);
            total += d * d;
            cg.set(e, scale * 2 * d);
        }
        return total;
    }

    @Override
    public long correctPredictions(Tensor logits, Tensor labels) {
        // torch.argmax: the first maximal value's index, compared with the label.
        NetworkArguments.requireCorrectPredictions(logits, labels);
        CpuTensor cz = cpu(logits), cy = cpu(labels);
        long m = NetworkArguments.rows(logits), k = NetworkArguments.cols(logits);
        long correct = 0;
        for (long i = 0; i < m; i++) {
            long best = 0;
            for (long j = 1; j < k; j++) {
                if (cz.get(i * k + j) > cz.get(i * k + best)) {
                    best = j;
                }
            }
            if (cy.get(i) == best) {
                correct++;
            }
        }
        return correct;
    }

    @Override
    public void gatherRows(Tensor source, int[] rows, Tensor out) {
        // torch.index_select(source, 0, rows).
        NetworkArguments.requireGatherRows(source, rows, out);
        CpuTensor cs = cpu(source), co = cpu(out);
        long d = NetworkArguments.cols(source);
        for (long r = 0; r < rows.length; r++) {
            for (long j = 0; j < d; j++) {
                co.set(r * d + j, cs.get(rows[(int) r] * d + j));
            }
        }
    }

    /** φ(z) in double: torch's nn.Tanh, nn.ReLU (max(z, 0)) and nn.Sigmoid (1/(1 + e^−z)). */
    private static double activate(Activation activation, double z) {
        return switch (activation) {
            case IDENTITY -> z;
            case TANH -> Math.tanh(z);
            case RELU -> Math.max(z, 0.0);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
        };
    }

    /**
     * φ'(z)·u from the output h = φ(z): tanh' = 1 − h², σ' = h(1 − h) (torch's tanh_backward and
     * sigmoid_backward), relu' = [h > 0] selecting u or 0 (torch's threshold_backward: 0 at 0, even for an
     * infinite u).
     */
    private static double backward(Activation activation, double h, double u) {
        return switch (activation) {
            case IDENTITY -> u;
            case TANH -> (1 - h * h) * u;
            case RELU -> h > 0 ? u : 0;
            case SIGMOID -> h * (1 - h) * u;
        };
    }

    /**
     * {@code logP[j] ← (zⱼ − max) − log Σₗ exp(zₗ − max)} for the {@code k} logits of one row: torch's
     * log_softmax, shifted by the row maximum so that no exponential overflows.
     */
    private static void logSoftmax(CpuTensor z, long row, int k, double[] logP) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z.get(row + j));
        }
        double sumExp = 0;
        for (int j = 0; j < k; j++) {
            logP[j] = z.get(row + j) - max;
            sumExp += Math.exp(logP[j]);
        }
        double logSum = Math.log(sumExp);
        for (int j = 0; j < k; j++) {
            logP[j] -= logSum;
        }
    }

    /** Writes a sum rounded once: {@code sum}, or {@code out + sum} when accumulating. */
    private static void store(CpuTensor out, long e, double sum, boolean accumulate) {
        out.set(e, accumulate ? out.get(e) + sum : sum);
    }

    private CpuTensor cpu(Tensor t) {
        return CpuTensors.own(backend, t);
    }
}

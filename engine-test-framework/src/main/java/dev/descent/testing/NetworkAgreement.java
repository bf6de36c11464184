package dev.descent.testing;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import java.util.List;

/**
 * How close a backend's network kernels must come to the reference's, case by case: each output element
 * and returned scalar gets a bound from the case's inputs, and the outcome is the worst
 * {@code |ours − reference| / bound} (at most 1 passes; a bound of 0 demands the same value).
 *
 * <p>Why these bounds. The reference computes in double and rounds once; another backend may sum in
 * another order and, for a GEMM or a column sum, in the dtype, with unit roundoff {@code u} ({@code 2⁻²⁴}
 * float32, {@code 2⁻⁵³} float64) and {@code γₙ = n·u/(1 − n·u)}:
 * <ul>
 *   <li>GEMM element {@code (i, j)} with {@code k} terms, plus the old value when accumulating:
 *       {@code γ_{k+1}·(|out⁰ᵢⱼ| + Σₗ|aᵢₗ||bₗⱼ|) + 2 ulp(ref)} — any order of a dot product of {@code k}
 *       terms is within {@code γₖ·Σ|aᵢₗbₗⱼ|} of the exact value (Higham, Accuracy and Stability of
 *       Numerical Algorithms, §3.1/§3.5; a fused multiply-add only tightens it), one more rounding for
 *       the accumulation, and the two final roundings to the dtype. Relative to the result it would not
 *       be sound: products cancel. Column sums alike with {@code m} terms.
 *   <li>Copies and sums of two values rounded once ({@code gatherRows}, {@code z + bias}, the count of
 *       correct predictions): exactly the reference's — a sum of two floats rounded once is the same in
 *       any precision of at least {@code 2p + 2} bits, and an argmax compares the same numbers.
 *   <li>Activations and their derivatives: {@code 4 ulps} of the result, plus {@code 4u·|upstream|} for
 *       the derivative — {@code tanh}, {@code exp} of the Vector API or CUDA's libdevice are within 1–2
 *       ulps of correctly rounded, and {@code 1 − h²} computed in the dtype loses {@code u} absolutely
 *       ({@code |φ'| ≤ 1}).
 *   <li>Softmax kernels: each probability is a quotient of an {@code exp} by a sum of {@code n} of them,
 *       relative error {@code γ_{n+4}}; the shift by the row maximum adds at most {@code u} absolutely. So the
 *       cross-entropy gradient within {@code 4 ulps + γ_{n+4}·(|ref| + |scale|)}, the curvature product
 *       within {@code 4 ulps + |scale|·(γ_{2n+8}·pⱼ + 2u)·(|vⱼ| + maxₗ|vₗ|)}, and the loss, a sum of
 *       {@code m} non-negative row losses each within {@code γ_{n+2} + 2u·ℓᵢ}, within
 *       {@code (γₘ + 4u)·L + m·γ_{n+2}}.
 *   <li>Squared errors: the gradient within 4 ulps; the sum of {@code m·n} non-negative terms within
 *       {@code (γ_{mn} + 4u)·E}.
 * </ul>
 */
public final class NetworkAgreement {
    private NetworkAgreement() {
    }

    /** The worst normalized error of a case and where it was (an empty place when every value matched exactly). */
    public record Outcome(double worstError, String where) {

        /** Whether every value is within its bound. */
        public boolean passed() {
            return worstError <= 1;
        }
    }

    /** Runs {@code c} on {@code backend} and on {@code reference} and compares the results. */
    public static Outcome compare(NetworkCase c, Backend backend, Backend reference) {
        return compare(c, c.run(reference), c.run(backend));
    }

    /** Compares a result computed elsewhere (an emulator) with the reference's, {@code expected}. */
    public static Outcome compare(NetworkCase c, NetworkCase.Result expected, NetworkCase.Result actual) {
        Comparison cmp = new Comparison();
        Bounds b = new Bounds(c);
        double[] e = expected.output(), a = actual.output();
        if (e.length != a.length) {
            return new Outcome(Double.POSITIVE_INFINITY, c + ": " + a.length + " output values, the reference has "
                    + e.length);
        }
        for (int i = 0; i < e.length; i++) {
            cmp.add(e[i], a[i], b.element(i, e[i]), c.output() + "[" + i + "]");
        }
        cmp.add(expected.scalar(), actual.scalar(), b.scalar(expected.scalar()), "returned value");
        return new Outcome(cmp.worst, cmp.worst == 0 ? "" : c + ", " + cmp.where);
    }

    private static final class Comparison {
        double worst;
        String where = "";

        void add(double expected, double actual, double bound, String what) {
            double error;
            if (Double.compare(expected, actual) == 0 || expected == actual) {
                error = 0;
            } else if (Double.isNaN(expected) || Double.isNaN(actual)) {
                error = Double.POSITIVE_INFINITY;
            } else {
                error = Math.abs(actual - expected) / bound; // ∞ when the bound is 0
            }
            if (error > worst || Double.isNaN(error)) {
                worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
                where = what + ": " + actual + " vs reference " + expected + " (bound " + bound + ")";
            }
        }
    }

    /** The bound of each output element and of the returned scalar of one case. */
    private static final class Bounds {
        private final NetworkCase c;
        private final double u;
        private final List<NetworkCase.Operand> ops;

        Bounds(NetworkCase c) {
            this.c = c;
            this.u = c.dtype() == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
            this.ops = c.operands();
        }

        double element(int e, double ref) {
            int m = c.m(), n = c.n(), k = c.k();
            double ulps = 4 * ulp(ref);
            return switch (c.kernel()) {
                case "matMulTransposeB", "matMulTransposeA", "matMul" -> {
                    int i = e / n, j = e % n;
                    double[] a = values("a"), b = values("b");
                    double sum = c.accumulate() ? Math.abs(values("out")[e]) : 0;
                    for (int l = 0; l < k; l++) {
                        double ail = c.kernel().equals("matMulTransposeA") ? a[l * m + i] : a[i * k + l];
                        double blj = c.kernel().equals("matMulTransposeB") ? b[j * k + l] : b[l * n + j];
                        sum += Math.abs(ail * blj);
                    }
                    yield gamma(k + 1) * sum + 2 * ulp(ref);
                }
                case "columnSums" -> {
                    double[] a = values("a");
                    double sum = c.accumulate() ? Math.abs(values("out")[e]) : 0;
                    for (int i = 0; i < m; i++) {
                        sum += Math.abs(a[i * n + e]);
                    }
                    yield gamma(m + 1) * sum + 2 * ulp(ref);
                }
                case "biasActivation" -> e < m * n && !c.inPlace() ? 0 : ulps; // z + bias exact, then φ
                case "activationBackward" -> ulps + 4 * u * Math.abs(values("upstream")[e]);
                case "softmaxCrossEntropy" -> ulps + gamma(n + 4) * (Math.abs(ref) + Math.abs(c.scale()));
                case "softmaxCurvatureProduct" -> {
                    int row = e / n;
                    double[] z = values("logits"), v = values("v");
                    double max = Double.NEGATIVE_INFINITY, maxV = 0, sum = 0;
                    for (int j = 0; j < n; j++) {
                        max = Math.max(max, z[row * n + j]);
                        maxV = Math.max(maxV, Math.abs(v[row * n + j]));
                    }
                    for (int j = 0; j < n; j++) {
                        sum += Math.exp(z[row * n + j] - max);
                    }
                    double p = Math.exp(z[e] - max) / sum;
                    yield ulps + Math.abs(c.scale()) * (gamma(2 * n + 8) * p + 2 * u) * (Math.abs(v[e]) + maxV);
                }
                case "squaredError" -> ulps;
                default -> 0; // gatherRows: copies
            };
        }

        double scalar(double ref) {
            return switch (c.kernel()) {
                case "softmaxCrossEntropy" -> (gamma(c.m()) + 4 * u) * Math.abs(ref) + c.m() * gamma(c.n() + 2);
                case "squaredError" -> (gamma(c.m() * c.n()) + 4 * u) * Math.abs(ref);
                default -> 0; // void kernels return 0; correctPredictions counts exactly
            };
        }

        private double[] values(String name) {
            for (NetworkCase.Operand op : ops) {
                if (op.name().equals(name)) {
                    return op.values();
                }
            }
            throw new IllegalStateException(c + " has no operand '" + name + "'");
        }

        private double gamma(int terms) {
            return terms * u / (1 - terms * u);
        }

        private double ulp(double x) {
            return c.dtype() == DType.FLOAT32 ? Math.ulp((float) x) : Math.ulp(x);
        }
    }
}

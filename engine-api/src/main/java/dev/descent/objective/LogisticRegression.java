package dev.descent.objective;

import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * L2-regularised logistic regression without intercept:
 * {@code f(w) = (1/m)·Σᵢ log(1 + exp(−yᵢ·xᵢᵀw)) + (λ/2)·‖w‖²} over a {@link LabeledData} set with
 * labels ±1; {@code n} is the number of features, {@code w0 = 0}.
 *
 * <p>Overflow-safe for any margin: {@code log(1 + eᶻ) = max(z, 0) + log1p(e^(−|z|))} and the
 * logistic sigmoid is evaluated on the side where its exponential is ≤ 1. Gradient
 * {@code (1/m)·Σ −yᵢσ(−yᵢzᵢ)·xᵢ + λw} with {@code zᵢ = xᵢᵀw}; Hessian = Gauss–Newton matrix
 * {@code (1/m)·Σ σ(zᵢ)σ(−zᵢ)·xᵢxᵢᵀ + λI} (the loss is a GLM with its matching link, Schraudolph
 * 2002), so both products are exact. A {@link StochasticObjective}: the regulariser is counted in
 * every mini-batch.
 */
public final class LogisticRegression extends HostStochasticObjective {

    private final LabeledData data;
    private final double l2;
    private final int[] all;

    /** Logistic regression on {@code data} with L2 coefficient {@code l2 ≥ 0}. */
    public LogisticRegression(LabeledData data, double l2) {
        super("logistic", data.cols());
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 = " + l2 + " is invalid: must be in [0, ∞)");
        }
        this.data = data;
        this.l2 = l2;
        this.all = new int[data.rows()];
        Arrays.setAll(all, i -> i);
    }

    /** The logistic sigmoid {@code 1/(1 + e^(−z))}, without overflow. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** {@code log(1 + eᶻ)}, without overflow and accurate for very negative z. */
    public static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** The data set. */
    public LabeledData data() {
        return data;
    }

    /** The L2 coefficient λ. */
    public double l2() {
        return l2;
    }

    @Override
    public int exampleCount() {
        return data.rows();
    }

    @Override
    public double[] startingValues() {
        return new double[dimension()];
    }

    @Override
    public void batchDiagonalCurvature(Tensor x, int[] batch, Tensor out) {
        checkBatch(batch);
        double[] w = read(x, "x");
        double[] d = out(out, "out");
        diagonal(w, d, batch);
        out.copyFrom(d);
    }

    @Override
    protected double valueAndGradient(double[] w, double[] g) {
        return batchValueAndGradient(w, all, g);
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    @Override
    protected void hessianVectorProduct(double[] w, double[] v, double[] out) {
        int cols = data.cols();
        double[] x = data.features();
        Arrays.fill(out, 0);
        for (int i = 0; i < data.rows(); i++) {
            int row = i * cols;
            double z = dot(x, row, w);
            double s = sigmoid(z) * sigmoid(-z) * dot(x, row, v);
            for (int j = 0; j < cols; j++) {
                out[j] += s * x[row + j];
            }
        }
        double inv = 1.0 / data.rows();
        for (int j = 0; j < cols; j++) {
            out[j] = out[j] * inv + l2 * v[j];
        }
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    @Override
    protected void gaussNewtonVectorProduct(double[] w, double[] v, double[] out) {
        hessianVectorProduct(w, v, out);
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    protected void diagonalCurvature(double[] w, double[] out) {
        diagonal(w, out, all);
    }

    @Override
    protected double batchValueAndGradient(double[] w, int[] batch, double[] g) {
        int cols = data.cols();
        double[] x = data.features();
        double[] y = data.labels();
        Arrays.fill(g, 0);
        double loss = 0;
        for (int i : batch) {
            int row = i * cols;
            double yz = y[i] * dot(x, row, w);
            loss += softplus(-yz);
            double coefficient = -y[i] * sigmoid(-yz); // d/dz of log(1 + e^(−y·z))
            for (int j = 0; j < cols; j++) {
                g[j] += coefficient * x[row + j];
            }
        }
        double inv = 1.0 / batch.length;
        double squared = 0;
        for (int j = 0; j < cols; j++) {
            g[j] = g[j] * inv + l2 * w[j];
            squared += w[j] * w[j];
        }
        return loss * inv + 0.5 * l2 * squared;
    }

    private void diagonal(double[] w, double[] out, int[] batch) {
        int cols = data.cols();
        double[] x = data.features();
        Arrays.fill(out, 0);
        for (int i : batch) {
            int row = i * cols;
            double z = dot(x, row, w);
            double s = sigmoid(z) * sigmoid(-z);
            for (int j = 0; j < cols; j++) {
                out[j] += s * x[row + j] * x[row + j];
            }
        }
        double inv = 1.0 / batch.length;
        for (int j = 0; j < cols; j++) {
            out[j] = out[j] * inv + l2;
        }
    }

    private static double dot(double[] x, int row, double[] v) {
        double s = 0;
        for (int j = 0; j < v.length; j++) {
            s += x[row + j] * v[j];
        }
        return s;
    }

}

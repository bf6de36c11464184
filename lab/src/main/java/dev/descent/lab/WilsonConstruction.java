package dev.descent.lab;

import dev.descent.objective.HostObjective;
import java.util.SplittableRandom;

/**
 * The linear problem of Wilson, Roelofs, Stern, Srebro &amp; Recht, "The Marginal Value of Adaptive
 * Gradient Methods in Machine Learning" (NIPS 2017), §3.3: binary least-squares classification with
 * more features than examples, on which the adaptive methods started at zero reach zero training error
 * with a solution that misclassifies new points, while gradient descent finds the minimum-norm
 * solution, which does not.
 *
 * <p>Example i has label {@code yᵢ = ±1} (+1 with probability p, resampled until the training labels sum
 * to a positive number, as §3.3 assumes) and features {@code xᵢ₁ = yᵢ}, {@code xᵢ₂ = xᵢ₃ = 1}, and a
 * block of five features of its own, of which the first one ({@code yᵢ = 1}) or all five
 * ({@code yᵢ = −1}) are 1 — the paper's {@code x_ij = 1} for {@code j = 4 + 5(i−1), …, 4 + 5(i−1) +
 * 2(1 − yᵢ)}. Training and test examples are drawn alike; the test examples' blocks are features no
 * training example has, so training never moves their weights.
 *
 * <p>As an objective of the weights {@code w} ({@link #dimension()} = 3 + 5·(training + test examples)):
 * {@code f(w) = (1/2m)·Σᵢ (xᵢ·w − yᵢ)²} over the m training examples. Every {@code xᵢ} has at most eight
 * non-zero features, so the problem is stored by labels alone.
 */
public final class WilsonConstruction extends HostObjective {

    /** Features per example block. */
    private static final int BLOCK = 5;

    private final int[] train;
    private final int[] test;

    private WilsonConstruction(int[] train, int[] test) {
        super("wilson", 3 + BLOCK * (train.length + test.length));
        this.train = train;
        this.test = test;
    }

    /**
     * The problem with {@code n} training and {@code nTest} test examples, labels +1 with probability
     * {@code p}, drawn from {@code seed}.
     *
     * @throws IllegalArgumentException if n or nTest is below 1 or p is not in (1/2, 1)
     */
    public static WilsonConstruction draw(int n, int nTest, double p, long seed) {
        if (n < 1 || nTest < 1) {
            throw new IllegalArgumentException("the construction needs at least one training and one test example, got "
                    + n + " and " + nTest);
        }
        if (!(p > 0.5 && p < 1)) {
            throw new IllegalArgumentException("p = " + p + " is invalid: the positive class must be the more likely,"
                    + " p in (0.5, 1)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] train;
        int sum;
        do {
            train = labels(random, n, p);
            sum = 0;
            for (int y : train) {
                sum += y;
            }
        } while (sum <= 0);
        return new WilsonConstruction(train, labels(random, nTest, p));
    }

    private static int[] labels(SplittableRandom random, int count, double p) {
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = random.nextDouble() < p ? 1 : -1;
        }
        return y;
    }

    /** The training labels (a copy). */
    public int[] trainLabels() {
        return train.clone();
    }

    /** The test labels (a copy). */
    public int[] testLabels() {
        return test.clone();
    }

    /** Zero, where §3.3 starts every method. */
    @Override
    public double[] startingValues() {
        return new double[dimension()];
    }

    @Override
    protected double valueAndGradient(double[] w, double[] g) {
        java.util.Arrays.fill(g, 0);
        double f = 0;
        double m = train.length;
        for (int i = 0; i < train.length; i++) {
            double r = margin(w, train[i], i) - train[i];
            f += r * r / (2 * m);
            addRow(g, train[i], i, r / m);
        }
        return f;
    }

    /** {@code xᵢ·w} of example {@code index} (training examples first, then test examples) with label y. */
    private static double margin(double[] w, int y, int index) {
        double s = y * w[0] + w[1] + w[2];
        int first = 3 + BLOCK * index;
        for (int j = 0; j < width(y); j++) {
            s += w[first + j];
        }
        return s;
    }

    /** {@code g += scale·xᵢ}. */
    private static void addRow(double[] g, int y, int index, double scale) {
        g[0] += scale * y;
        g[1] += scale;
        g[2] += scale;
        int first = 3 + BLOCK * index;
        for (int j = 0; j < width(y); j++) {
            g[first + j] += scale;
        }
    }

    /** The block features an example of label y has: 1 + 2(1 − y). */
    private static int width(int y) {
        return 1 + 2 * (1 - y);
    }

    /** The share of training examples that {@code sign(xᵢ·w)} misclassifies (0 counts as wrong). */
    public double trainError(double[] w) {
        return error(w, train, 0);
    }

    /** The share of test examples that {@code sign(xᵢ·w)} misclassifies (0 counts as wrong). */
    public double testError(double[] w) {
        return error(w, test, train.length);
    }

    /** The share of test examples that {@code w} classifies as positive. */
    public double testPositiveShare(double[] w) {
        int positive = 0;
        for (int i = 0; i < test.length; i++) {
            positive += margin(w, test[i], train.length + i) > 0 ? 1 : 0;
        }
        return (double) positive / test.length;
    }

    private static double error(double[] w, int[] labels, int offset) {
        int wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            wrong += margin(w, labels[i], offset + i) * labels[i] > 0 ? 0 : 1;
        }
        return (double) wrong / labels.length;
    }

    /**
     * The minimum-norm solution of {@code Xw = y} over the training examples, {@code w = Xᵀ(XXᵀ)⁻¹y},
     * to which gradient descent from zero converges (it stays in the row space of X). {@code XXᵀ}
     * ({@code n × n}, positive definite: every example has features of its own) is solved by Cholesky.
     */
    public double[] minimumNormSolution() {
        int n = train.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                // Shared features: the first (yᵢ·y_k) and the two constant ones; the blocks only on the diagonal.
                double v = train[i] * train[k] + 2 + (i == k ? width(train[i]) : 0);
                a[i][k] = v;
                a[k][i] = v;
            }
        }
        double[] alpha = new double[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = train[i];
        }
        cholesky(a);
        for (int i = 0; i < n; i++) { // L·z = y
            double s = alpha[i];
            for (int k = 0; k < i; k++) {
                s -= a[i][k] * alpha[k];
            }
            alpha[i] = s / a[i][i];
        }
        for (int i = n - 1; i >= 0; i--) { // Lᵀ·α = z
            double s = alpha[i];
            for (int k = i + 1; k < n; k++) {
                s -= a[k][i] * alpha[k];
            }
            alpha[i] = s / a[i][i];
        }
        double[] w = new double[dimension()];
        for (int i = 0; i < n; i++) {
            addRow(w, train[i], i, alpha[i]);
        }
        return w;
    }

    /** In place: the lower triangle of {@code a} becomes L with {@code a = LLᵀ}. */
    private static void cholesky(double[][] a) {
        int n = a.length;
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= a[j][k] * a[j][k];
            }
            a[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= a[i][k] * a[j][k];
                }
                a[i][j] = s / a[j][j];
            }
        }
    }

    /**
     * {@code sign(Xᵀy)}, the direction §3.3's lemma says the adaptive methods' iterates keep: for this
     * construction {@code X·sign(Xᵀy) = 4y}.
     */
    public double[] signOfXty() {
        double[] xty = new double[dimension()];
        for (int i = 0; i < train.length; i++) {
            addRow(xty, train[i], i, train[i]);
        }
        for (int j = 0; j < xty.length; j++) {
            xty[j] = Math.signum(xty[j]);
        }
        return xty;
    }
}

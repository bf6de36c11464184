package dev.descent.objective;

import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The noisy quadratic model of Schaul, Zhang &amp; LeCun (2013, §2): example {@code i} is the
 * quadratic {@code ℓᵢ(x) = ½·Σⱼ dⱼ·(xⱼ − cᵢⱼ)²} around its own centre {@code cᵢ}, drawn once from
 * {@code N(0, σ²)} per coordinate with a seeded generator, so that the mean
 * {@code f(x) = (1/m)·Σᵢ ℓᵢ(x)} has its minimum at the mean centre {@code c̄} with value
 * {@code f* = ½·Σⱼ dⱼ·varⱼ} ({@link #minimumValue()}, varⱼ the centres' spread). A mini-batch gradient
 * {@code D(x − c̄_B)} is the true gradient plus noise of variance {@code dⱼ²σ²/|B|}; the curvature
 * {@code D = diag(logspace(0, log₁₀κ, n))} is exact and the same for every example (so it is also
 * the diagonal curvature vSGD-l uses). Starts at {@code x0 = (1, …, 1)}.
 */
public final class NoisyQuadratic extends HostStochasticObjective {

    private final double[] d;
    private final double[] centres; // m rows of n
    private final double[] meanCentre;
    private final int examples;
    private final double minimum;

    /**
     * {@code n} variables, curvatures from 1 to {@code cond} (log-spaced), {@code examples} centres of
     * standard deviation {@code noise}, drawn from {@code seed}.
     */
    public NoisyQuadratic(int n, double cond, int examples, double noise, long seed) {
        super("noisy-quadratic", n);
        if (!(cond >= 1) || Double.isInfinite(cond)) {
            throw new IllegalArgumentException("cond = " + cond + " is invalid: must be in [1, ∞)");
        }
        if (examples < 1) {
            throw new IllegalArgumentException("examples = " + examples + " is invalid: must be ≥ 1");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise = " + noise + " is invalid: must be in [0, ∞)");
        }
        this.examples = examples;
        this.d = new double[n];
        for (int j = 0; j < n; j++) {
            d[j] = n == 1 ? 1 : Math.pow(cond, (double) j / (n - 1));
        }
        SplittableRandom random = new SplittableRandom(seed);
        this.centres = new double[examples * n];
        this.meanCentre = new double[n];
        for (int i = 0; i < examples; i++) {
            for (int j = 0; j < n; j++) {
                double c = noise * gaussian(random);
                centres[i * n + j] = c;
                meanCentre[j] += c / examples;
            }
        }
        double f = 0;
        for (int j = 0; j < n; j++) {
            double var = 0;
            for (int i = 0; i < examples; i++) {
                double e = centres[i * n + j] - meanCentre[j];
                var += e * e / examples;
            }
            f += 0.5 * d[j] * var;
        }
        this.minimum = f;
    }

    /** The minimum value {@code f* = f(c̄)}. */
    public double minimumValue() {
        return minimum;
    }

    @Override
    public int exampleCount() {
        return examples;
    }

    @Override
    public double[] startingValues() {
        double[] x0 = new double[dimension()];
        Arrays.fill(x0, 1);
        return x0;
    }

    @Override
    public void batchDiagonalCurvature(Tensor x, int[] batch, Tensor out) {
        checkBatch(batch);
        out.copyFrom(d);
    }

    @Override
    protected double valueAndGradient(double[] x, double[] g) {
        int n = dimension();
        double f = minimum;
        for (int j = 0; j < n; j++) {
            double e = x[j] - meanCentre[j];
            f += 0.5 * d[j] * e * e;
            g[j] = d[j] * e;
        }
        return f;
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    @Override
    protected void hessianVectorProduct(double[] x, double[] v, double[] out) {
        for (int j = 0; j < v.length; j++) {
            out[j] = d[j] * v[j];
        }
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    protected void diagonalCurvature(double[] x, double[] out) {
        System.arraycopy(d, 0, out, 0, d.length);
    }

    @Override
    protected double batchValueAndGradient(double[] x, int[] batch, double[] g) {
        int n = dimension();
        Arrays.fill(g, 0);
        double f = 0;
        for (int i : batch) {
            for (int j = 0; j < n; j++) {
                double e = x[j] - centres[i * n + j];
                f += 0.5 * d[j] * e * e;
                g[j] += d[j] * e;
            }
        }
        for (int j = 0; j < n; j++) {
            g[j] /= batch.length;
        }
        return f / batch.length;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}

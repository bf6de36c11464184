package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.objective.StochasticObjective;
import dev.descent.optim.Vsgd;
import dev.descent.optim.VsgdCurvature;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * Fills the inputs {@link Vsgd} takes from its caller before each step of {@link MiniBatchTraining}:
 * the {@code curvature} slot, and the {@code grad_sq} slot for batches of more than one example.
 *
 * <ul>
 *   <li>vSGD-l: the objective's diagonal curvature at the current point, on the step's batch
 *       ({@link StochasticObjective#batchDiagonalCurvature}) or on all examples in full-batch training.
 *   <li>vSGD-fd: {@code hⱼ = (∇f_B(θ + δ)ⱼ − ∇f_B(θ)ⱼ)/δⱼ}, the gradient of the same batch at a probe
 *       point, with the step {@code δ = ḡ} (the averaged gradient; the current gradient before there
 *       is one), as in Schaul &amp; LeCun 2013; where {@code δⱼ = 0} the probe uses
 *       {@code 1e-4·max(1, |θⱼ|)} instead. The probe gradient is one more gradient evaluation, counted.
 *       With batches of more than one example, as in Schaul &amp; LeCun's Algorithm (ICLR 2013, arXiv
 *       1301.3764), the difference is taken per example, {@code hᵢⱼ = |∇fᵢ(θ + δ)ⱼ − ∇fᵢ(θ)ⱼ|/δⱼ},
 *       and {@code curvature} gets their batch mean and {@code curvature_sq} the batch mean of their
 *       squares (two gradient evaluations per example, counted): {@code h2̄ − h̄²} then estimates one
 *       example's variance, which the kernel's outlier test divides by n once. (From the batch
 *       difference alone, {@code h2̄ − h̄²} is already the batch mean's variance and the test divided
 *       by n twice, flagging about 75% of the steps at L = 1, n = 10 instead of about 32%.)
 *   <li>{@code grad_sq}: the mean over the batch of each example's squared gradient, from one gradient
 *       evaluation per example (counted), which the mini-batch correction needs (the batch gradient's
 *       own square would count the batch's noise reduction twice).
 * </ul>
 *
 * <p>The finite difference and the per-example squares are formed on the host (n floats each way per
 * step), like the built-in objectives' own evaluations.
 */
final class VsgdInputs implements AutoCloseable {

    private static final double FALLBACK_STEP = 1e-4;

    private final Vsgd spec;
    private final Run run;
    private final StochasticObjective stochastic; // null in full-batch training
    private final Tensor curvature;
    private final Tensor gradSq; // null for single examples or full batches
    private final Tensor curvatureSq; // null unless vSGD-fd with gradSq
    private final Tensor gAvg;
    private final Tensor probe;
    private final Tensor probeGradient;
    private final int n;

    /** The spec adjusted for a run in batches of {@code examplesPerStep}: the batch size of its correction. */
    static Vsgd forBatches(Vsgd spec, Objective objective, int examplesPerStep) {
        if (spec.variant() == VsgdCurvature.LOCAL && !objective.hasDiagonalCurvature()) {
            throw new IllegalArgumentException("vsgd: problem '" + objective.name() + "' has no diagonal curvature;"
                    + " use vsgd-fd, which estimates it from gradients");
        }
        return spec.withBatchSize(examplesPerStep);
    }

    /**
     * The inputs of the optimizer whose state of {@code parameter} is {@code state}; {@code stochastic}
     * is null in full-batch training.
     */
    VsgdInputs(Vsgd spec, Run run, StochasticObjective stochastic, Map<String, Tensor> state, Tensor parameter) {
        this.spec = spec;
        this.run = run;
        this.stochastic = stochastic;
        this.curvature = state.get("curvature");
        this.gradSq = state.get("grad_sq");
        this.curvatureSq = state.get("curvature_sq");
        this.gAvg = state.get("g_avg");
        this.n = (int) parameter.size();
        Backend b = run.backend;
        boolean fd = spec.variant() == VsgdCurvature.FINITE_DIFFERENCE;
        this.probe = fd || gradSq != null ? b.allocate("vsgd.probe", DType.FLOAT32, parameter.shape()) : null;
        this.probeGradient = probe == null ? null : b.allocate("vsgd.probe gradient", DType.FLOAT32, parameter.shape());
    }

    /**
     * Fills the inputs for the step about to be taken at {@code parameter}, whose gradient on
     * {@code batch} (null: all examples) is {@code gradient}; {@code stepsDone} steps were taken before.
     */
    void fill(Tensor parameter, int[] batch, Tensor gradient, long stepsDone) {
        if (spec.variant() == VsgdCurvature.LOCAL) {
            if (batch == null) {
                run.objective.diagonalCurvature(parameter, curvature);
            } else {
                stochastic.batchDiagonalCurvature(parameter, batch, curvature);
            }
        } else if (curvatureSq != null && batch != null) {
            perExample(parameter, batch, gradient, stepsDone);
            return;
        } else {
            finiteDifference(parameter, batch, gradient, stepsDone);
        }
        if (gradSq != null && batch != null) {
            double[] sq = new double[n];
            double[] g = new double[n];
            for (int example : batch) {
                run.evaluateBatch(stochastic, parameter, new int[] {example}, probeGradient);
                probeGradient.copyTo(g);
                for (int j = 0; j < n; j++) {
                    sq[j] += g[j] * g[j] / batch.length;
                }
            }
            gradSq.copyFrom(sq);
        }
    }

    /**
     * vSGD-fd on a batch of several examples: per example i, its gradient at θ and at the probe point,
     * {@code hᵢ = |∇fᵢ(θ + δ) − ∇fᵢ(θ)|/δ}; writes the batch means of {@code hᵢ}, {@code hᵢ²} and
     * {@code ∇fᵢ(θ)²} into {@code curvature}, {@code curvature_sq} and {@code grad_sq}.
     */
    private void perExample(Tensor parameter, int[] batch, Tensor gradient, long stepsDone) {
        double[] delta = new double[n];
        double[] shifted = probePoint(parameter, gradient, stepsDone, delta);
        double[] h = new double[n];
        double[] hh = new double[n];
        double[] sq = new double[n];
        double[] g = new double[n];
        double[] gp = new double[n];
        probe.copyFrom(shifted);
        for (int example : batch) {
            int[] one = {example};
            run.evaluateBatch(stochastic, parameter, one, probeGradient);
            probeGradient.copyTo(g);
            run.evaluateBatch(stochastic, probe, one, probeGradient);
            probeGradient.copyTo(gp);
            for (int j = 0; j < n; j++) {
                double d = Math.abs((gp[j] - g[j]) / delta[j]);
                h[j] += d / batch.length;
                hh[j] += d * d / batch.length;
                sq[j] += g[j] * g[j] / batch.length;
            }
        }
        curvature.copyFrom(h);
        curvatureSq.copyFrom(hh);
        gradSq.copyFrom(sq);
    }

    /**
     * The probe point {@code θ + δ} in float32 as host values, with {@code δ = ḡ} (the current gradient
     * before the first step) and the fallback where it does not move θ; {@code delta} receives the
     * step actually taken.
     */
    private double[] probePoint(Tensor parameter, Tensor gradient, long stepsDone, double[] delta) {
        double[] theta = new double[n];
        parameter.copyTo(theta);
        (stepsDone == 0 ? gradient : gAvg).copyTo(delta);
        double[] shifted = new double[n];
        for (int j = 0; j < n; j++) {
            // The step actually taken in float32, so that the quotient divides by what was added.
            float moved = (float) (theta[j] + delta[j]);
            if (delta[j] == 0 || moved == (float) theta[j]) {
                moved = (float) (theta[j] + FALLBACK_STEP * Math.max(1, Math.abs(theta[j])));
            }
            shifted[j] = moved;
            delta[j] = (double) moved - theta[j];
        }
        return shifted;
    }

    private void finiteDifference(Tensor parameter, int[] batch, Tensor gradient, long stepsDone) {
        double[] delta = new double[n];
        double[] g = new double[n];
        gradient.copyTo(g);
        double[] shifted = probePoint(parameter, gradient, stepsDone, delta);
        probe.copyFrom(shifted);
        if (batch == null) {
            run.evaluate(probe, probeGradient);
        } else {
            run.evaluateBatch(stochastic, probe, batch, probeGradient);
        }
        double[] gp = new double[n];
        probeGradient.copyTo(gp);
        double[] h = new double[n];
        for (int j = 0; j < n; j++) {
            h[j] = (gp[j] - g[j]) / delta[j];
        }
        curvature.copyFrom(h);
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close();
            probeGradient.close();
        }
    }
}

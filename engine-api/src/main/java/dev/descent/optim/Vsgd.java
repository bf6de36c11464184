package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.VsgdCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * vSGD, SGD with variance-adapted per-element learning rates (Schaul, Zhang &amp; LeCun, "No More
 * Pesky Learning Rates", ICML 2013, Algorithm 1, vSGD-l), and vSGD-fd, its variant with curvature
 * from finite differences (Schaul &amp; LeCun, "Adaptive learning rates and parallelization for
 * stochastic, sparse, non-smooth gradients", ICLR 2013). Not a torch optimizer.
 *
 * <p>Each element keeps moving averages, with memory {@code τ}, of the gradient {@code ḡ}, its square
 * {@code v̄} and the curvature {@code h̄}; the rate is {@code η = ḡ²/(h̄·v̄)} (the mini-batch form
 * {@code ḡ²/(h̄·(v̄/n + ḡ²·(n-1)/n))} for {@code n = batch_size > 1}) and the memory adapts as
 * {@code τ ← (1 - ḡ²/v̄)·τ + 1}. vSGD-fd replaces {@code 1/h̄} by {@code h̄/h2̄}, the averaged
 * curvature over the average of its square, which shrinks the rate where the curvature is noisy.
 *
 * <p><b>The caller supplies the curvature.</b> The state tensor {@code curvature} is an input, not
 * state the kernel updates: before every step the caller writes into it the curvature at the current
 * parameter ({@link Optimizer#state} gives the live tensor) — for vSGD-l the objective's diagonal
 * curvature on the step's batch, for vSGD-fd {@code (∇f_B(θ+δ) - ∇f_B(θ))/δ} elementwise. The kernel
 * uses its absolute value. Left alone it stays 1 (unit curvature). With {@code batch_size > 1} the
 * caller also writes into {@code grad_sq} the mean of the per-example squared gradients of the batch,
 * which {@code v̄} averages (the gradient itself is the batch mean); for vSGD-fd it takes the finite
 * difference per example, as Schaul &amp; LeCun's Algorithm does (ICLR 2013, arXiv 1301.3764):
 * {@code curvature} gets the batch mean of {@code |∇fᵢ(θ+δ) - ∇fᵢ(θ)|/δ} and {@code curvature_sq} the
 * batch mean of its squares, which {@code h2̄} averages, so that the outlier test divides the
 * per-example variance by n once. {@code dev.descent.minimize.MiniBatchTraining} (module
 * engine-minimize) does all of it.
 *
 * <p>Slow start: the first {@code slow_start_samples} steps only average (the parameter does not
 * move); then {@code v̄} is over-estimated by {@code slow_start_factor}, so that the first rates are
 * small. {@code τ} starts at 2. These three choices follow Schaul's reference implementation
 * (py-optim's {@code vSGD}: {@code init_samples = 10}, {@code slow_constant = 2}, {@code τ = 2}).
 *
 * @param lr multiplies the adaptive rate, &gt; 0 (default 1: the paper's rate, no tuning)
 * @param variant where the curvature comes from (default {@link VsgdCurvature#LOCAL})
 * @param slowStartSamples n0 ≥ 0, steps that only average (default 10)
 * @param slowStartFactor C ≥ 1, the over-estimate of {@code v̄} after them (default 2)
 * @param batchSize n ≥ 1, the examples behind each gradient, for the mini-batch correction (default 1)
 * @param outlierLevel L ≥ 0: a gradient with {@code (g - ḡ)² > L²·(v̄ - ḡ²)/n} (for vSGD-fd also a
 *     curvature outlier) lengthens the memory by one step; 0 (default) turns the test off, as in the
 *     2012 paper
 * @param eps guards the divisions, &gt; 0 (default 1e-9)
 */
public record Vsgd(double lr, VsgdCurvature variant, int slowStartSamples, double slowStartFactor, int batchSize,
        double outlierLevel, double eps) implements OptimizerSpec {

    public Vsgd {
        HyperCheck.positive("lr", lr);
        if (variant == null) {
            throw new IllegalArgumentException("variant must be given (local or fd)");
        }
        if (slowStartSamples < 0) {
            throw HyperCheck.invalid("slow_start_samples", slowStartSamples, "[0, ∞) (an integer)");
        }
        if (!(slowStartFactor >= 1) || Double.isInfinite(slowStartFactor)) {
            throw HyperCheck.invalid("slow_start_factor", slowStartFactor, "[1, ∞)");
        }
        if (batchSize < 1) {
            throw HyperCheck.invalid("batch_size", batchSize, "[1, ∞) (an integer)");
        }
        HyperCheck.nonNegative("outlier_level", outlierLevel);
        HyperCheck.positive("eps", eps);
    }

    /** vSGD-l with the reference implementation's slow start: n0 = 10, C = 2, single examples, no outlier test. */
    public static Vsgd defaults() {
        return new Vsgd(1, VsgdCurvature.LOCAL, 10, 2, 1, 0, 1e-9);
    }

    /** From torch-style names: {@code lr}, {@code variant} ({@code local} or {@code fd}), {@code slow_start_samples}, {@code slow_start_factor}, {@code batch_size}, {@code outlier_level}, {@code eps}. */
    static Vsgd fromHyper(Hyper h) {
        Vsgd d = defaults();
        return new Vsgd(h.num("lr", d.lr()), h.has("variant") ? VsgdCurvature.fromLabel(h.string("variant")) : d.variant(),
                h.integer("slow_start_samples", d.slowStartSamples()), h.num("slow_start_factor", d.slowStartFactor()),
                h.integer("batch_size", d.batchSize()), h.num("outlier_level", d.outlierLevel()), h.num("eps", d.eps()));
    }

    /** The torch-style hyper-parameters {@link #fromHyper} reads back into this spec ({@code variant} by its label). */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "variant", variant.label(), "slow_start_samples", (double) slowStartSamples,
                "slow_start_factor", slowStartFactor, "batch_size", (double) batchSize, "outlier_level", outlierLevel,
                "eps", eps);
    }

    @Override
    public String name() {
        return "vsgd";
    }

    @Override
    public Vsgd withLr(double lr) {
        return new Vsgd(lr, variant, slowStartSamples, slowStartFactor, batchSize, outlierLevel, eps);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.empty();
    }

    @Override
    public OptimizerSpec withMomentum(double momentum) {
        throw OptimizerSpec.noMomentum("vsgd");
    }

    public Vsgd withVariant(VsgdCurvature variant) {
        return new Vsgd(lr, variant, slowStartSamples, slowStartFactor, batchSize, outlierLevel, eps);
    }

    public Vsgd withSlowStart(int samples, double factor) {
        return new Vsgd(lr, variant, samples, factor, batchSize, outlierLevel, eps);
    }

    public Vsgd withBatchSize(int batchSize) {
        return new Vsgd(lr, variant, slowStartSamples, slowStartFactor, batchSize, outlierLevel, eps);
    }

    public Vsgd withOutlierLevel(double outlierLevel) {
        return new Vsgd(lr, variant, slowStartSamples, slowStartFactor, batchSize, outlierLevel, eps);
    }

    public Vsgd withEps(double eps) {
        return new Vsgd(lr, variant, slowStartSamples, slowStartFactor, batchSize, outlierLevel, eps);
    }

    /**
     * {@code g_avg}, {@code v_avg}, {@code h_avg} (0), {@code tau} (2), the input {@code curvature} (1);
     * {@code grad_sq} (0, an input) with {@code batch_size > 1}; {@code h2_avg} (0) for vSGD-fd.
     */
    @Override
    public List<StateSpec> state() {
        return StateSpec.usedBy(VsgdCoefficients.LAYOUT, coefficients(1));
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        ctx.kernels().step(coefficients(ctx.step()), ctx.clip(), params);
    }

    /** The scalars of step {@code t} (1-based), each computed in double and rounded once. */
    public VsgdCoefficients coefficients(long t) {
        boolean sampling = t <= slowStartSamples;
        return new VsgdCoefficients((float) lr, (float) eps, sampling, sampling ? (float) (1.0 / t) : 0f,
                t == slowStartSamples, (float) slowStartFactor, (float) (1.0 / batchSize),
                (float) ((batchSize - 1.0) / batchSize), batchSize > 1, (float) (outlierLevel * outlierLevel),
                variant == VsgdCurvature.FINITE_DIFFERENCE);
    }
}

package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdamCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * torch.optim.Adam (Kingma and Ba 2015), with AMSGrad (Reddi et al. 2018), L2 weight decay and
 * maximisation, and torch.optim.AdamW (Loshchilov and Hutter 2019) when {@code decoupledWeightDecay}
 * is set: the parameters are first multiplied by {@code 1 - lr·weight_decay}, then take a plain Adam
 * step (torch ≥ 2.6: {@code Adam(decoupled_weight_decay=True)} is AdamW). {@link AdamW} is the same
 * rule under torch's other name, with AdamW's default decay of 0.01.
 *
 * @param lr learning rate ≥ 0 (default 1e-3)
 * @param beta1 decay of the mean, in [0, 1) (default 0.9); the momentum-like parameter
 * @param beta2 decay of the uncentered variance, in [0, 1) (default 0.999)
 * @param eps added to {@code sqrt(v̂)}, > 0 (default 1e-8)
 * @param weightDecay L2 coefficient ≥ 0, or the decoupled decay with {@code decoupledWeightDecay}
 *     (default 0 for Adam, 0.01 for {@link AdamW#defaults()})
 * @param amsgrad use the running maximum of {@code v}
 * @param maximize ascend the objective
 * @param decoupledWeightDecay AdamW: decay the parameter instead of adding {@code weight_decay·p} to the
 *     gradient (default false)
 */
public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean maximize, boolean decoupledWeightDecay) implements OptimizerSpec {

    public Adam {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.unitClosedOpen("beta1", beta1);
        HyperCheck.unitClosedOpen("beta2", beta2);
        HyperCheck.positive("eps", eps);
        HyperCheck.nonNegative("weight_decay", weightDecay);
    }

    /** Adam with L2 weight decay (not decoupled). */
    public Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) {
        this(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, false);
    }

    /** torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no decay. */
    public static Adam defaults() {
        return new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false, false);
    }

    /**
     * Adam ({@code adamw} false) or AdamW from torch's names: {@code lr}, {@code betas}, {@code eps},
     * {@code weight_decay}, {@code amsgrad}, {@code maximize}, and {@code decoupled_weight_decay} for
     * {@code adam} (torch ≥ 2.6: then AdamW, with Adam's default decay of 0).
     */
    static OptimizerSpec fromHyper(Hyper h, boolean adamw) {
        Adam d = adamw ? AdamW.defaults().asAdam() : defaults();
        boolean decoupled = adamw || h.bool("decoupled_weight_decay", false);
        Adam adam = new Adam(h.num("lr", d.lr()), h.pair("betas", 0, d.beta1()), h.pair("betas", 1, d.beta2()),
                h.num("eps", d.eps()), h.num("weight_decay", d.weightDecay()), h.bool("amsgrad", d.amsgrad()),
                h.bool("maximize", d.maximize()), decoupled);
        return decoupled ? AdamW.of(adam) : adam;
    }

    /**
     * The torch-named hyper-parameters {@link #fromHyper} reads back under {@link #name()}; with
     * decoupled decay those of {@code adamw}, which reads back as the equal {@link AdamW}.
     */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "betas", Hyper.pair(beta1, beta2), "eps", eps, "weight_decay", weightDecay,
                "amsgrad", amsgrad, "maximize", maximize);
    }

    /** {@code adamw} with decoupled weight decay, else {@code adam}. */
    @Override
    public String name() {
        return decoupledWeightDecay ? "adamw" : "adam";
    }

    @Override
    public Adam withLr(double lr) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.of(beta1);
    }

    @Override
    public Adam withMomentum(double beta1) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam withBetas(double beta1, double beta2) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam withEps(double eps) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam withWeightDecay(double weightDecay) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam withAmsgrad(boolean amsgrad) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam withMaximize(boolean maximize) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    public Adam withDecoupledWeightDecay(boolean decoupledWeightDecay) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
    }

    /** State: {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with AMSGrad. */
    @Override
    public List<StateSpec> state() {
        return StateSpec.usedBy(AdamCoefficients.LAYOUT, coefficients(1));
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        ctx.kernels().step(coefficients(ctx.step()), ctx.clip(), params);
    }

    /** torch's scalars for step {@code t}, each computed in double and rounded once. */
    AdamCoefficients coefficients(long t) {
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double l2 = decoupledWeightDecay ? 0 : weightDecay;
        double decayFactor = decoupledWeightDecay ? 1 - lr * weightDecay : 1;
        return new AdamCoefficients((float) (lr / biasCorrection1), (float) Math.sqrt(biasCorrection2),
                (float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) eps, (float) l2,
                (float) decayFactor, amsgrad, maximize);
    }
}

package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdamaxCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * torch.optim.Adamax (Kingma and Ba 2015, section 7.1): Adam with the second moment replaced by an
 * exponentially weighted infinity norm {@code u = max(β2·u, |g| + eps)}; only the mean is
 * bias-corrected.
 *
 * @param lr learning rate ≥ 0 (default 2e-3)
 * @param beta1 decay of the mean, in [0, 1) (default 0.9); the momentum-like parameter
 * @param beta2 decay of the infinity norm, in [0, 1) (default 0.999)
 * @param eps added to {@code |g|} inside the max, > 0 (default 1e-8)
 * @param weightDecay L2 coefficient ≥ 0 (default 0)
 * @param maximize ascend the objective
 */
public record Adamax(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
        implements OptimizerSpec {

    public Adamax {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.unitClosedOpen("beta1", beta1);
        HyperCheck.unitClosedOpen("beta2", beta2);
        HyperCheck.positive("eps", eps);
        HyperCheck.nonNegative("weight_decay", weightDecay);
    }

    /** torch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no decay. */
    public static Adamax defaults() {
        return new Adamax(2e-3, 0.9, 0.999, 1e-8, 0, false);
    }

    /** From torch's names: {@code lr}, {@code betas}, {@code eps}, {@code weight_decay}, {@code maximize}. */
    static Adamax fromHyper(Hyper h) {
        Adamax d = defaults();
        return new Adamax(h.num("lr", d.lr()), h.pair("betas", 0, d.beta1()), h.pair("betas", 1, d.beta2()),
                h.num("eps", d.eps()), h.num("weight_decay", d.weightDecay()), h.bool("maximize", d.maximize()));
    }

    /** The torch-named hyper-parameters {@link #fromHyper} reads back into this spec. */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "betas", Hyper.pair(beta1, beta2), "eps", eps, "weight_decay", weightDecay,
                "maximize", maximize);
    }

    @Override
    public String name() {
        return "adamax";
    }

    @Override
    public Adamax withLr(double lr) {
        return new Adamax(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.of(beta1);
    }

    @Override
    public Adamax withMomentum(double beta1) {
        return new Adamax(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    public Adamax withBetas(double beta1, double beta2) {
        return new Adamax(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    public Adamax withEps(double eps) {
        return new Adamax(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    public Adamax withWeightDecay(double weightDecay) {
        return new Adamax(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    public Adamax withMaximize(boolean maximize) {
        return new Adamax(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    /** State: {@code exp_avg} and {@code exp_inf}, both from 0. */
    @Override
    public List<StateSpec> state() {
        return StateSpec.all(AdamaxCoefficients.LAYOUT);
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        double clr = lr / (1 - Math.pow(beta1, ctx.step()));
        ctx.kernels().step(new AdamaxCoefficients((float) clr, (float) beta1, (float) (1 - beta1), (float) beta2,
                (float) eps, (float) weightDecay, maximize), ctx.clip(), params);
    }
}

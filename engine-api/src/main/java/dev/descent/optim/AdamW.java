package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import java.util.List;
import java.util.OptionalDouble;

/**
 * torch.optim.AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay — the parameters
 * are first multiplied by {@code 1 - lr·weight_decay}, then take a plain Adam step.
 *
 * @param lr learning rate ≥ 0 (default 1e-3)
 * @param beta1 in [0, 1) (default 0.9); the momentum-like parameter
 * @param beta2 in [0, 1) (default 0.999)
 * @param eps > 0 (default 1e-8)
 * @param weightDecay decoupled decay ≥ 0 (default 0.01, unlike Adam's 0)
 * @param amsgrad use the running maximum of {@code v}
 * @param maximize ascend the objective
 */
public record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean maximize) implements OptimizerSpec {

    public AdamW {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.unitClosedOpen("beta1", beta1);
        HyperCheck.unitClosedOpen("beta2", beta2);
        HyperCheck.positive("eps", eps);
        HyperCheck.nonNegative("weight_decay", weightDecay);
    }

    /** torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01. */
    public static AdamW defaults() {
        return new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01, false, false);
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public AdamW withLr(double lr) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.of(beta1);
    }

    @Override
    public AdamW withMomentum(double beta1) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamW withBetas(double beta1, double beta2) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamW withEps(double eps) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamW withWeightDecay(double weightDecay) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamW withAmsgrad(boolean amsgrad) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamW withMaximize(boolean maximize) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    @Override
    public List<StateSpec> state() {
        return Adam.stateOf(amsgrad);
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        ctx.kernels().adam(Adam.coefficients(lr, beta1, beta2, eps, 0, 1 - lr * weightDecay, amsgrad, maximize,
                ctx.step()), params);
    }
}

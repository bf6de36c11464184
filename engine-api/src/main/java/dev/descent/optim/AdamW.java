package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * torch.optim.AdamW (Loshchilov and Hutter 2019) under its own name: an {@link Adam} with
 * {@code decoupledWeightDecay} set, whose rule it runs ({@link #asAdam()}); only the default decay
 * differs, 0.01 instead of 0. It holds no rule of its own.
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
        new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, true); // validates, naming the value
    }

    /** torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01. */
    public static AdamW defaults() {
        return new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01, false, false);
    }

    /** The AdamW of an {@link Adam} with decoupled decay (its flag is not looked at). */
    static AdamW of(Adam a) {
        return new AdamW(a.lr(), a.beta1(), a.beta2(), a.eps(), a.weightDecay(), a.amsgrad(), a.maximize());
    }

    /** The same rule as the one record that runs it: {@link Adam} with decoupled weight decay. */
    public Adam asAdam() {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, true);
    }

    /** The torch-named hyper-parameters that {@code adamw} reads back into this spec. */
    Map<String, Object> hyper() {
        return asAdam().hyper();
    }

    @Override
    public String name() {
        return asAdam().name();
    }

    @Override
    public AdamW withLr(double lr) {
        return of(asAdam().withLr(lr));
    }

    @Override
    public OptionalDouble momentumLike() {
        return asAdam().momentumLike();
    }

    @Override
    public AdamW withMomentum(double beta1) {
        return of(asAdam().withMomentum(beta1));
    }

    public AdamW withBetas(double beta1, double beta2) {
        return of(asAdam().withBetas(beta1, beta2));
    }

    public AdamW withEps(double eps) {
        return of(asAdam().withEps(eps));
    }

    public AdamW withWeightDecay(double weightDecay) {
        return of(asAdam().withWeightDecay(weightDecay));
    }

    public AdamW withAmsgrad(boolean amsgrad) {
        return of(asAdam().withAmsgrad(amsgrad));
    }

    public AdamW withMaximize(boolean maximize) {
        return of(asAdam().withMaximize(maximize));
    }

    @Override
    public List<StateSpec> state() {
        return asAdam().state();
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        asAdam().step(ctx, params);
    }
}

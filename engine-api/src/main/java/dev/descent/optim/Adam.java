package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdamCoefficients;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * torch.optim.Adam (Kingma and Ba 2015), with AMSGrad (Reddi et al. 2018), L2 weight decay and
 * maximisation. {@link AdamW} is the decoupled-decay twin.
 *
 * @param lr learning rate ≥ 0 (default 1e-3)
 * @param beta1 decay of the mean, in [0, 1) (default 0.9); the momentum-like parameter
 * @param beta2 decay of the uncentered variance, in [0, 1) (default 0.999)
 * @param eps added to {@code sqrt(v̂)}, > 0 (default 1e-8)
 * @param weightDecay L2 coefficient ≥ 0 (default 0)
 * @param amsgrad use the running maximum of {@code v}
 * @param maximize ascend the objective
 */
public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean maximize) implements OptimizerSpec {

    public Adam {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.unitClosedOpen("beta1", beta1);
        HyperCheck.unitClosedOpen("beta2", beta2);
        HyperCheck.positive("eps", eps);
        HyperCheck.nonNegative("weight_decay", weightDecay);
    }

    /** torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no decay. */
    public static Adam defaults() {
        return new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Adam withLr(double lr) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.of(beta1);
    }

    @Override
    public Adam withMomentum(double beta1) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Adam withBetas(double beta1, double beta2) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Adam withEps(double eps) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Adam withWeightDecay(double weightDecay) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Adam withAmsgrad(boolean amsgrad) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Adam withMaximize(boolean maximize) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    @Override
    public List<StateSpec> state() {
        return stateOf(amsgrad);
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        ctx.kernels().adam(coefficients(lr, beta1, beta2, eps, weightDecay, 1, amsgrad, maximize, ctx.step()), params);
    }

    /** Adam's state: {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with AMSGrad. */
    static List<StateSpec> stateOf(boolean amsgrad) {
        List<StateSpec> s = new ArrayList<>(List.of(new StateSpec("exp_avg", 0f), new StateSpec("exp_avg_sq", 0f)));
        if (amsgrad) {
            s.add(new StateSpec("max_exp_avg_sq", 0f));
        }
        return List.copyOf(s);
    }

    /** torch's scalars for step {@code t}, each computed in double and rounded once. */
    static AdamCoefficients coefficients(double lr, double beta1, double beta2, double eps, double l2,
            double decayFactor, boolean amsgrad, boolean maximize, long t) {
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        return new AdamCoefficients((float) (lr / biasCorrection1), (float) Math.sqrt(biasCorrection2),
                (float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) eps, (float) l2,
                (float) decayFactor, amsgrad, maximize);
    }
}

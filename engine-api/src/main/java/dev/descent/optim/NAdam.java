package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.NadamCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * torch.optim.NAdam (Dozat 2016): Adam with Nesterov momentum, whose momentum coefficient
 * {@code μ_t = β1·(1 - 0.5·0.96^(t·ψ))} warms up with the step count. torch ≥ 2.0's rule: the step
 * divides by {@code 1 - Π_{i≤t} μ_i} and {@code 1 - Π_{i≤t+1} μ_i} (torch 1.13 counted {@code μ_t}
 * twice). The running product is host state of the group, kept in double.
 *
 * @param lr learning rate ≥ 0 (default 2e-3)
 * @param beta1 in [0, 1) (default 0.9); the momentum-like parameter
 * @param beta2 in [0, 1) (default 0.999)
 * @param eps added to the root, > 0 (default 1e-8)
 * @param weightDecay L2 coefficient ≥ 0 (default 0)
 * @param momentumDecay ψ ≥ 0, how fast {@code μ_t} warms up (default 4e-3)
 * @param maximize ascend the objective
 */
public record NAdam(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay,
        boolean maximize) implements OptimizerSpec {

    /** The group-state key of {@code Π_{i≤t} μ_i} (1 before the first step). */
    public static final String MU_PRODUCT = "mu_product";

    public NAdam {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.unitClosedOpen("beta1", beta1);
        HyperCheck.unitClosedOpen("beta2", beta2);
        HyperCheck.positive("eps", eps);
        HyperCheck.nonNegative("weight_decay", weightDecay);
        HyperCheck.nonNegative("momentum_decay", momentumDecay);
    }

    /** torch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no decay, momentum_decay 4e-3. */
    public static NAdam defaults() {
        return new NAdam(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3, false);
    }

    /** From torch's names: {@code lr}, {@code betas}, {@code eps}, {@code weight_decay}, {@code momentum_decay}, {@code maximize} ({@code decoupled_weight_decay} only false). */
    static NAdam fromHyper(Hyper h) {
        NAdam d = defaults();
        if (h.bool("decoupled_weight_decay", false)) {
            throw new IllegalArgumentException("nadam: decoupled_weight_decay = true is not supported "
                    + "(weight_decay is applied as L2, torch's default)");
        }
        return new NAdam(h.num("lr", d.lr()), h.pair("betas", 0, d.beta1()), h.pair("betas", 1, d.beta2()),
                h.num("eps", d.eps()), h.num("weight_decay", d.weightDecay()),
                h.num("momentum_decay", d.momentumDecay()), h.bool("maximize", d.maximize()));
    }

    /** The torch-named hyper-parameters {@link #fromHyper} reads back into this spec. */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "betas", Hyper.pair(beta1, beta2), "eps", eps, "weight_decay", weightDecay,
                "momentum_decay", momentumDecay, "maximize", maximize);
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    public NAdam withLr(double lr) {
        return new NAdam(lr, beta1, beta2, eps, weightDecay, momentumDecay, maximize);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.of(beta1);
    }

    @Override
    public NAdam withMomentum(double beta1) {
        return new NAdam(lr, beta1, beta2, eps, weightDecay, momentumDecay, maximize);
    }

    public NAdam withBetas(double beta1, double beta2) {
        return new NAdam(lr, beta1, beta2, eps, weightDecay, momentumDecay, maximize);
    }

    public NAdam withEps(double eps) {
        return new NAdam(lr, beta1, beta2, eps, weightDecay, momentumDecay, maximize);
    }

    public NAdam withWeightDecay(double weightDecay) {
        return new NAdam(lr, beta1, beta2, eps, weightDecay, momentumDecay, maximize);
    }

    public NAdam withMomentumDecay(double momentumDecay) {
        return new NAdam(lr, beta1, beta2, eps, weightDecay, momentumDecay, maximize);
    }

    public NAdam withMaximize(boolean maximize) {
        return new NAdam(lr, beta1, beta2, eps, weightDecay, momentumDecay, maximize);
    }

    /** State: {@code exp_avg} and {@code exp_avg_sq}, both from 0. */
    @Override
    public List<StateSpec> state() {
        return StateSpec.all(NadamCoefficients.LAYOUT);
    }

    /** One step; {@value #MU_PRODUCT} advances only once the kernel has run. */
    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        long t = ctx.step();
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
        double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
        double muProduct = ctx.groupState().get(MU_PRODUCT, 1.0) * mu;
        double muProductNext = muProduct * muNext;
        double gradCoefficient = -lr * (1 - mu) / (1 - muProduct);
        double avgCoefficient = -lr * muNext / (1 - muProductNext);
        ctx.kernels().step(new NadamCoefficients((float) gradCoefficient, (float) avgCoefficient, (float) beta1,
                (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) (1 - Math.pow(beta2, t)),
                (float) eps, (float) weightDecay, maximize), ctx.clip(), params);
        ctx.groupState().put(MU_PRODUCT, muProduct);
    }
}

package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.SgdCoefficients;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * torch.optim.SGD: stochastic gradient descent with optional (Nesterov) momentum, dampening,
 * L2 weight decay and maximisation. Batch, mini-batch or online learning is only a matter of which
 * gradient the caller supplies.
 *
 * @param lr learning rate η (torch's default 1e-3), ≥ 0
 * @param momentum μ ≥ 0 (0 = plain SGD)
 * @param dampening τ in [0, 1]: the buffer adds {@code (1-τ)·g}
 * @param weightDecay L2 coefficient ≥ 0
 * @param nesterov Nesterov momentum (needs μ > 0 and τ = 0, as in torch)
 * @param maximize ascend the objective
 */
public record Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
        boolean maximize) implements OptimizerSpec {

    /**
     * Group state: 1 once a step with non-zero momentum has written {@code momentum_buffer} (torch's
     * buffer is no longer None); absent before.
     */
    public static final String MOMENTUM_BUFFER_STARTED = "momentum_buffer_started";

    public Sgd {
        HyperCheck.nonNegative("lr", lr);
        HyperCheck.nonNegative("momentum", momentum);
        HyperCheck.unitClosed("dampening", dampening);
        HyperCheck.nonNegative("weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("nesterov = true is invalid with momentum = " + momentum
                    + " and dampening = " + dampening + ": Nesterov momentum needs momentum > 0 and dampening = 0");
        }
    }

    /** torch's defaults: lr 1e-3, no momentum, no decay. */
    public static Sgd defaults() {
        return new Sgd(1e-3, 0, 0, 0, false, false);
    }

    /** From torch's names: {@code lr}, {@code momentum}, {@code dampening}, {@code weight_decay}, {@code nesterov}, {@code maximize}. */
    static Sgd fromHyper(Hyper h) {
        Sgd d = defaults();
        return new Sgd(h.num("lr", d.lr()), h.num("momentum", d.momentum()), h.num("dampening", d.dampening()),
                h.num("weight_decay", d.weightDecay()), h.bool("nesterov", d.nesterov()), h.bool("maximize", d.maximize()));
    }

    /** The torch-named hyper-parameters {@link #fromHyper} reads back into this spec. */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "momentum", momentum, "dampening", dampening, "weight_decay", weightDecay,
                "nesterov", nesterov, "maximize", maximize);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public Sgd withLr(double lr) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.of(momentum);
    }

    @Override
    public Sgd withMomentum(double momentum) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Sgd withDampening(double dampening) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Sgd withWeightDecay(double weightDecay) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Sgd withNesterov(boolean nesterov) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Sgd withMaximize(boolean maximize) {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /**
     * State: {@code momentum_buffer} when momentum may be used. A group whose momentum is scheduled
     * from 0 still gets the buffer, so it is always allocated.
     */
    @Override
    public List<StateSpec> state() {
        return StateSpec.all(SgdCoefficients.LAYOUT);
    }

    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        // torch creates momentum_buffer = d on the first step whose momentum is non-zero (step 1 unless
        // a schedule starts at 0) and keeps it through later steps without momentum.
        boolean freshBuffer = momentum != 0 && ctx.groupState().get(MOMENTUM_BUFFER_STARTED, 0) == 0;
        if (freshBuffer) {
            ctx.groupState().put(MOMENTUM_BUFFER_STARTED, 1);
        }
        ctx.kernels().step(new SgdCoefficients((float) lr, (float) momentum, (float) (1 - dampening),
                (float) weightDecay, nesterov, maximize, freshBuffer), ctx.clip(), params);
    }
}

package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.RpropVariant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * torch.optim.Rprop (Riedmiller and Braun 1993) and the three other rules of Igel and Hüsken (2000):
 * every weight has its own step size, grown by η+ while its gradient keeps its sign and shrunk by
 * η− when the sign flips; only the sign of the gradient is used. Full-batch by design: on mini-batches
 * whose gradients disagree in size but not in sign it keeps moving where the average gradient does not.
 *
 * @param lr the initial step size, > 0 (default 1e-2); it is used only to fill {@code step_size} when
 *     the state is created, so a learning-rate schedule has no effect after that
 * @param etaMinus step-size factor on a sign flip, in (0, 1) (torch's {@code etas[0]}, default 0.5)
 * @param etaPlus step-size factor while the sign holds, > 1 (torch's {@code etas[1]}, default 1.2)
 * @param stepSizeMin lower clamp of the step size, ≥ 0 (torch's {@code step_sizes[0]}, default 1e-6)
 * @param stepSizeMax upper clamp of the step size, ≥ {@code stepSizeMin} (torch's {@code step_sizes[1]},
 *     default 50)
 * @param variant which rule: torch's is {@link RpropVariant#IRPROP_MINUS} (the default);
 *     {@link RpropVariant#IRPROP_PLUS} needs the loss ({@link Optimizer#step(double)})
 * @param maximize ascend the objective
 */
public record Rprop(double lr, double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax,
        RpropVariant variant, boolean maximize) implements OptimizerSpec {

    /** The group-state key under which iRprop+ keeps the loss of the previous step. */
    public static final String PREV_LOSS = "prev_loss";

    public Rprop {
        HyperCheck.positive("lr", lr);
        HyperCheck.unitOpen("etas[0] (eta_minus)", etaMinus);
        HyperCheck.aboveOne("etas[1] (eta_plus)", etaPlus);
        HyperCheck.nonNegative("step_sizes[0] (step_size_min)", stepSizeMin);
        HyperCheck.nonNegative("step_sizes[1] (step_size_max)", stepSizeMax);
        HyperCheck.ordered("step_sizes[0] (step_size_min)", stepSizeMin, "step_sizes[1] (step_size_max)",
                stepSizeMax);
        Objects.requireNonNull(variant, "variant");
    }

    /** torch's defaults: lr 1e-2, etas (0.5, 1.2), step sizes (1e-6, 50), iRprop−. */
    public static Rprop defaults() {
        return new Rprop(1e-2, 0.5, 1.2, 1e-6, 50, RpropVariant.IRPROP_MINUS, false);
    }

    /** From torch's names: {@code lr}, {@code etas}, {@code step_sizes}, {@code maximize}, and {@code variant} ({@code irprop-}, {@code rprop+}, {@code rprop-}, {@code irprop+}). */
    static Rprop fromHyper(Hyper h) {
        Rprop d = defaults();
        return new Rprop(h.num("lr", d.lr()), h.pair("etas", 0, d.etaMinus()), h.pair("etas", 1, d.etaPlus()),
                h.pair("step_sizes", 0, d.stepSizeMin()), h.pair("step_sizes", 1, d.stepSizeMax()),
                h.has("variant") ? RpropVariant.fromLabel(h.string("variant")) : d.variant(), h.bool("maximize", d.maximize()));
    }

    /** The torch-named hyper-parameters {@link #fromHyper} reads back into this spec ({@code variant} by its label). */
    Map<String, Object> hyper() {
        return Hyper.named("lr", lr, "etas", Hyper.pair(etaMinus, etaPlus), "step_sizes",
                Hyper.pair(stepSizeMin, stepSizeMax), "maximize", maximize, "variant", variant.label());
    }

    @Override
    public String name() {
        return "rprop";
    }

    @Override
    public Rprop withLr(double lr) {
        return new Rprop(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, variant, maximize);
    }

    /** Rprop has no momentum-like parameter. */
    @Override
    public OptionalDouble momentumLike() {
        return OptionalDouble.empty();
    }

    /** Always throws: Rprop has no momentum-like parameter. */
    @Override
    public Rprop withMomentum(double momentum) {
        throw OptimizerSpec.noMomentum(name());
    }

    /** torch's {@code etas = (eta_minus, eta_plus)}. */
    public Rprop withEtas(double etaMinus, double etaPlus) {
        return new Rprop(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, variant, maximize);
    }

    /** torch's {@code step_sizes = (min, max)}. */
    public Rprop withStepSizes(double stepSizeMin, double stepSizeMax) {
        return new Rprop(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, variant, maximize);
    }

    public Rprop withVariant(RpropVariant variant) {
        return new Rprop(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, variant, maximize);
    }

    public Rprop withMaximize(boolean maximize) {
        return new Rprop(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, variant, maximize);
    }

    /** Only iRprop+ needs the loss: it backtracks only when the loss went up. */
    @Override
    public boolean needsLoss() {
        return variant == RpropVariant.IRPROP_PLUS;
    }

    /**
     * State: {@code prev} (the previous gradient, zeroed after a sign flip; 0), {@code step_size}
     * ({@code lr}), and {@code prev_update} (0) for the variants that backtrack.
     */
    @Override
    public List<StateSpec> state() {
        RpropCoefficients any = coefficients(false);
        return StateSpec.withInitial(StateSpec.usedBy(RpropCoefficients.LAYOUT, any), "step_size", (float) lr);
    }

    /**
     * The scalars of one step. Whether a sign flip undoes the previous update is decided here, once for
     * every backend: Rprop+ always backtracks, iRprop+ only when the loss rose, the others never.
     */
    RpropCoefficients coefficients(boolean lossIncreased) {
        boolean backtrack = variant == RpropVariant.RPROP_PLUS || (variant == RpropVariant.IRPROP_PLUS && lossIncreased);
        return new RpropCoefficients((float) etaMinus, (float) etaPlus, (float) stepSizeMin, (float) stepSizeMax,
                variant, maximize, backtrack);
    }

    /**
     * One step; iRprop+ compares {@code ctx.loss()} with the loss of the previous step, kept in the
     * group state under {@value #PREV_LOSS} (no backtracking on the first step, which has none).
     */
    @Override
    public void step(StepContext ctx, List<ParameterSlots> params) {
        boolean lossIncreased = false;
        if (needsLoss()) {
            if (!ctx.hasLoss()) {
                throw new IllegalStateException(variant.label() + " needs the loss: call step(loss)");
            }
            boolean hasPrevious = ctx.groupState().asMap().containsKey(PREV_LOSS);
            lossIncreased = hasPrevious && ctx.loss() > ctx.groupState().get(PREV_LOSS, Double.NaN);
        }
        ctx.kernels().step(coefficients(lossIncreased), ctx.clip(), params);
        if (needsLoss()) {
            ctx.groupState().put(PREV_LOSS, ctx.loss());
        }
    }
}

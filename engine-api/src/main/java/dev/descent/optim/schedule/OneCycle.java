package dev.descent.optim.schedule;

import dev.descent.optim.HyperCheck;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.ParamGroup;
import java.util.Objects;

/**
 * torch's OneCycleLR (Smith and Topin 2019, "Super-convergence"), stepped once per optimizer step: the
 * rate rises from {@code max_lr / div_factor} to {@code max_lr} over the first {@code pct_start} of
 * {@code total_steps}, then falls to {@code max_lr / div_factor / final_div_factor}; with
 * {@code three_phase} it first falls back to the initial rate, symmetrically, and only then to the
 * minimum. The momentum-like hyper-parameter (SGD's {@code momentum}, Adam's β1) cycles the other way,
 * from {@code max_momentum} down to {@code base_momentum} and back. The group's base rate is
 * {@code max_lr}, and its configured momentum is replaced, as torch overwrites the group's. Phase
 * boundaries, the percentage within a phase and the cosine / linear annealing are torch's
 * {@code OneCycleLR.__init__}, {@code get_lr}, {@code _annealing_cos} and {@code _annealing_linear}
 * (torch/optim/lr_scheduler.py), computed in the same order. The cycle has {@code total_steps} steps
 * (0 to {@code total_steps - 1}) and throws for a step beyond them: torch also gives step
 * {@code total_steps} a value, past the end of the cycle (below {@code min_lr}, with linear annealing even
 * negative), and raises only at the step after.
 *
 * <pre>{@code
 * OneCycle cycle = OneCycle.of(epochs * stepsPerEpoch).withPctStart(0.25);
 * ParamGroup group = cycle.applyTo(ParamGroup.of(Sgd.defaults().withLr(maxLr).withMomentum(0.9), params));
 * }</pre>
 *
 * @param totalSteps the length of the cycle, ≥ 1
 * @param pctStart the fraction of the steps spent raising the rate, in [0, 1] (default 0.3)
 * @param anneal cosine (default) or linear annealing
 * @param cycleMomentum whether the momentum-like hyper-parameter cycles (default true)
 * @param baseMomentum the momentum at the peak rate, ≥ 0 (default 0.85)
 * @param maxMomentum the momentum at the ends, ≥ 0 (default 0.95)
 * @param divFactor {@code initial_lr = max_lr / div_factor}, > 0 (default 25)
 * @param finalDivFactor {@code min_lr = initial_lr / final_div_factor}, > 0 (default 1e4)
 * @param threePhase torch's {@code three_phase} (default false)
 */
public record OneCycle(long totalSteps, double pctStart, Anneal anneal, boolean cycleMomentum, double baseMomentum,
        double maxMomentum, double divFactor, double finalDivFactor, boolean threePhase)
        implements LearningRateSchedule {

    /** How the values move within a phase (torch's {@code anneal_strategy}). */
    public enum Anneal {
        /** {@code end + (start - end)/2·(cos(π·pct) + 1)}. */
        COS("cos"),
        /** {@code (end - start)·pct + start}. */
        LINEAR("linear");

        private final String label;

        Anneal(String label) {
            this.label = label;
        }

        /** torch's name: {@code cos} or {@code linear}. */
        public String label() {
            return label;
        }

        /** The strategy called {@code label}; throws naming the allowed labels. */
        public static Anneal fromLabel(String label) {
            for (Anneal a : values()) {
                if (a.label.equals(label)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("anneal_strategy = '" + label + "' is not one of cos, linear");
        }

        double apply(double start, double end, double pct) {
            if (this == COS) {
                double cosOut = Math.cos(Math.PI * pct) + 1;
                return end + (start - end) / 2.0 * cosOut;
            }
            return (end - start) * pct + start;
        }
    }

    public OneCycle {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("total_steps = " + totalSteps + " is invalid: must be in [1, ∞)");
        }
        HyperCheck.unitClosed("pct_start", pctStart);
        Objects.requireNonNull(anneal, "anneal_strategy");
        HyperCheck.nonNegative("base_momentum", baseMomentum);
        HyperCheck.nonNegative("max_momentum", maxMomentum);
        HyperCheck.positive("div_factor", divFactor);
        HyperCheck.positive("final_div_factor", finalDivFactor);
        // torch divides by a phase's length; only the first phase can be empty and yet hold a step (step 0).
        double[] ends = phaseEnds(totalSteps, pctStart, threePhase);
        if (ends[0] == 0) {
            throw new IllegalArgumentException("pct_start = " + pctStart + " with total_steps = " + totalSteps
                    + " leaves one step to the rising phase (pct_start·total_steps = 1), which torch divides by 0:"
                    + " choose another pct_start");
        }
    }

    /** torch's defaults over {@code totalSteps} steps: pct_start 0.3, cos, momentum 0.85–0.95, div 25, 1e4. */
    public static OneCycle of(long totalSteps) {
        return new OneCycle(totalSteps, 0.3, Anneal.COS, true, 0.85, 0.95, 25, 1e4, false);
    }

    /** torch's {@code epochs} and {@code steps_per_epoch} (each ≥ 1) instead of {@code total_steps}. */
    public static OneCycle of(long epochs, long stepsPerEpoch) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs = " + epochs + " is invalid: must be in [1, ∞)");
        }
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("steps_per_epoch = " + stepsPerEpoch + " is invalid: must be in [1, ∞)");
        }
        return of(Math.multiplyExact(epochs, stepsPerEpoch));
    }

    /** The same cycle rising over another fraction of its steps (torch's {@code pct_start}). */
    public OneCycle withPctStart(double pctStart) {
        return new OneCycle(totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                finalDivFactor, threePhase);
    }

    /** The same cycle with cosine or linear annealing (torch's {@code anneal_strategy}). */
    public OneCycle withAnneal(Anneal anneal) {
        return new OneCycle(totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                finalDivFactor, threePhase);
    }

    /** Cycles the momentum between {@code base} and {@code max} (torch's base_momentum, max_momentum). */
    public OneCycle withMomentum(double base, double max) {
        return new OneCycle(totalSteps, pctStart, anneal, true, base, max, divFactor, finalDivFactor, threePhase);
    }

    /** Leaves the group's momentum as configured (torch's {@code cycle_momentum=False}). */
    public OneCycle withoutMomentumCycling() {
        return new OneCycle(totalSteps, pctStart, anneal, false, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                threePhase);
    }

    /** The same cycle with other {@code div_factor} and {@code final_div_factor}. */
    public OneCycle withDivFactors(double divFactor, double finalDivFactor) {
        return new OneCycle(totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                finalDivFactor, threePhase);
    }

    /** The same cycle with or without torch's {@code three_phase}. */
    public OneCycle withThreePhase(boolean threePhase) {
        return new OneCycle(totalSteps, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor,
                finalDivFactor, threePhase);
    }

    /**
     * {@code group} with this cycle as its learning-rate schedule and, if the momentum cycles, as its
     * momentum schedule; its spec's {@code lr} is the peak {@code max_lr}.
     *
     * @throws IllegalArgumentException if the momentum cycles and the optimizer has no momentum-like
     *     hyper-parameter (torch's "optimizer must support momentum")
     */
    public ParamGroup applyTo(ParamGroup group) {
        OptimizerSpec spec = group.spec();
        ParamGroup scheduled = group.withLrSchedule(this);
        if (!cycleMomentum) {
            return scheduled;
        }
        if (spec.momentumLike().isEmpty()) {
            throw new IllegalArgumentException(spec.name() + " has no momentum-like hyper-parameter to cycle:"
                    + " use withoutMomentumCycling() (torch's cycle_momentum=False)");
        }
        return scheduled.withMomentumSchedule(momentumSchedule());
    }

    /** The cycling momentum (it ignores the configured value, as torch overwrites it). */
    public MomentumSchedule momentumSchedule() {
        return (configured, step) -> {
            double[] m = threePhase ? new double[] {maxMomentum, baseMomentum, maxMomentum, maxMomentum}
                    : new double[] {maxMomentum, baseMomentum, maxMomentum};
            return valueAt(step, m);
        };
    }

    /** The rate of step {@code step} (0 to {@code total_steps - 1}) for a peak of {@code baseLr}. */
    @Override
    public double lr(double baseLr, long step) {
        double initialLr = baseLr / divFactor;
        double minLr = initialLr / finalDivFactor;
        double[] levels = threePhase ? new double[] {initialLr, baseLr, initialLr, minLr}
                : new double[] {initialLr, baseLr, minLr};
        return valueAt(step, levels);
    }

    /**
     * The value at {@code step} of a path through {@code levels}: phase {@code i} anneals from
     * {@code levels[i]} to {@code levels[i + 1]} (torch's {@code get_lr} loop over {@code _schedule_phases}).
     */
    private double valueAt(long step, double[] levels) {
        if (step < 0 || step >= totalSteps) {
            throw new IllegalStateException("one-cycle schedule: step " + (step + 1) + " is past the end of the cycle"
                    + " of total_steps = " + totalSteps + " steps");
        }
        double[] ends = phaseEnds(totalSteps, pctStart, threePhase);
        double startStep = 0;
        for (int i = 0; ; i++) {
            double endStep = ends[i];
            if (step <= endStep || i == ends.length - 1) {
                double pct = (step - startStep) / (endStep - startStep);
                return anneal.apply(levels[i], levels[i + 1], pct);
            }
            startStep = endStep;
        }
    }

    /** torch's {@code end_step} of each phase, in torch's arithmetic. */
    private static double[] phaseEnds(long totalSteps, double pctStart, boolean threePhase) {
        double rise = pctStart * totalSteps - 1;
        return threePhase ? new double[] {rise, 2 * pctStart * totalSteps - 2, totalSteps - 1}
                : new double[] {rise, totalSteps - 1};
    }
}

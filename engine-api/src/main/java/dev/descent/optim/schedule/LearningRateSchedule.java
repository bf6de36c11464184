package dev.descent.optim.schedule;

import dev.descent.optim.HyperCheck;

/**
 * The learning rate of each step, from the group's base rate. {@code step} counts from 0 for the
 * first step, as torch's schedulers count epochs.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The rate for step {@code step} (0-based) given the base rate. */
    double lr(double baseLr, long step);

    /** The base rate at every step. */
    static LearningRateSchedule constant() {
        return (base, step) -> base;
    }

    /** torch's StepLR: {@code base · gamma^⌊step / stepSize⌋}. */
    static LearningRateSchedule step(long stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step_size = " + stepSize + " is invalid: must be in [1, ∞)");
        }
        HyperCheck.positive("gamma", gamma);
        return (base, step) -> base * Math.pow(gamma, (double) (step / stepSize));
    }

    /** torch's ExponentialLR: {@code base · gamma^step}. */
    static LearningRateSchedule exponential(double gamma) {
        HyperCheck.positive("gamma", gamma);
        return (base, step) -> base * Math.pow(gamma, step);
    }

    /**
     * torch's CosineAnnealingLR (closed form): {@code min + (base - min)(1 + cos(π·t/T))/2} for
     * {@code t ≤ T}, then {@code min}.
     */
    static LearningRateSchedule cosine(long totalSteps, double minLr) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("T_max = " + totalSteps + " is invalid: must be in [1, ∞)");
        }
        HyperCheck.nonNegative("eta_min", minLr);
        return (base, step) -> {
            long t = Math.min(step, totalSteps);
            return minLr + (base - minLr) * (1 + Math.cos(Math.PI * t / totalSteps)) / 2;
        };
    }

    /**
     * Linear warm-up over {@code warmupSteps} steps ({@code base·(step+1)/warmupSteps}), then
     * {@code after}, counted from the end of the warm-up.
     */
    static LearningRateSchedule linearWarmup(long warmupSteps, LearningRateSchedule after) {
        if (warmupSteps <= 0) {
            throw new IllegalArgumentException("warmup_steps = " + warmupSteps + " is invalid: must be in [1, ∞)");
        }
        return (base, step) -> step < warmupSteps
                ? base * (step + 1) / warmupSteps
                : after.lr(base, step - warmupSteps);
    }

    /**
     * torch's CosineAnnealingWarmRestarts ({@link CosineWarmRestarts}: cycles of {@code t0},
     * {@code t0·tMult}, ... steps, each annealing from the base rate to {@code etaMin}).
     */
    static LearningRateSchedule cosineRestarts(long t0, long tMult, double etaMin) {
        return new CosineWarmRestarts(t0, tMult, etaMin);
    }

    /**
     * A linear warm-up over {@code warmupSteps} steps ({@link #linearWarmup}), then
     * {@link #cosineRestarts}: torch's {@code SequentialLR([LinearLR(1/W, 1, W-1),
     * CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)], milestones=[W])}.
     */
    static LearningRateSchedule warmupCosineRestarts(long warmupSteps, long t0, long tMult, double etaMin) {
        return linearWarmup(warmupSteps, cosineRestarts(t0, tMult, etaMin));
    }
}

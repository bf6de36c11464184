package dev.descent.optim.schedule;

import dev.descent.optim.HyperCheck;

/**
 * torch's CosineAnnealingWarmRestarts (SGDR, Loshchilov and Hutter 2017), stepped once per optimizer
 * step: the rate anneals from the base rate to {@code etaMin} along a half cosine over a cycle of
 * {@code T_i} steps, then restarts at the base rate; the first cycle lasts {@code T_0} steps and each
 * next one {@code T_mult} times longer. At step {@code t} of a cycle,
 * {@code etaMin + (base - etaMin)·(1 + cos(π·t/T_i))/2}, the expression of torch's
 * {@code CosineAnnealingWarmRestarts.get_lr} (torch/optim/lr_scheduler.py), with {@code T_cur} and
 * {@code T_i} found from the step in integers as its {@code step()} advances them.
 *
 * @param t0 the first cycle's length {@code T_0}, ≥ 1
 * @param tMult the growth factor of the cycles {@code T_mult}, ≥ 1
 * @param etaMin the rate at the end of each cycle {@code eta_min}, ≥ 0
 */
public record CosineWarmRestarts(long t0, long tMult, double etaMin) implements LearningRateSchedule {

    public CosineWarmRestarts {
        if (t0 < 1) {
            throw new IllegalArgumentException("T_0 = " + t0 + " is invalid: must be in [1, ∞) (an integer)");
        }
        if (tMult < 1) {
            throw new IllegalArgumentException("T_mult = " + tMult + " is invalid: must be in [1, ∞) (an integer)");
        }
        HyperCheck.nonNegative("eta_min", etaMin);
    }

    @Override
    public double lr(double baseLr, long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step = " + step + " is invalid: must be in [0, ∞)");
        }
        long cycleStart = 0;
        long cycle = t0;
        while (step - cycleStart >= cycle) {
            cycleStart += cycle;
            // a cycle longer than any step count ends the search (and avoids overflowing T_i)
            cycle = cycle > Long.MAX_VALUE / tMult ? Long.MAX_VALUE : cycle * tMult;
        }
        long tCur = step - cycleStart;
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * tCur / cycle)) / 2;
    }
}

package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.optim.schedule.LearningRateSchedule;
import dev.descent.optim.schedule.MomentumSchedule;
import org.junit.jupiter.api.Test;

/**
 * Schedules applied by the optimizer. With a constant gradient the parameter change of each step is
 * known in closed form. The parameter starts at 0 so that the change read off two float32 values
 * (each within half an ulp of |p| ≤ 1) is exact to ~1e-8 absolute; with a few float32 roundings of
 * the step itself (2^-24 ≈ 6e-8 relative each) 1e-6 relative is a safe bound.
 */
class ScheduledStepTest {

    private static double[] changes(Trial trial, int steps, float g) {
        double[] out = new double[steps];
        double before = trial.param.toFloatArray()[0];
        for (int t = 0; t < steps; t++) {
            double after = trial.step(g)[0];
            out[t] = after - before;
            before = after;
        }
        return out;
    }

    private static void assertChanges(double[] expected, double[] actual, double rtol) {
        for (int t = 0; t < expected.length; t++) {
            Close.assertRelative(expected[t], actual[t], rtol, "change at step " + (t + 1));
        }
    }

    @Test
    void learningRateScheduleScalesEachStep() {
        // SGD without momentum moves by exactly -lr_t·g.
        try (Trial trial = new Trial(p -> ParamGroup.of(Sgd.defaults().withLr(0.1), p)
                .withLrSchedule(LearningRateSchedule.step(2, 0.5)), 0f)) {
            assertChanges(new double[] {-0.05, -0.05, -0.025, -0.025, -0.0125}, changes(trial, 5, 0.5f), 1e-6);
        }
    }

    @Test
    void warmupStartsSmall() {
        try (Trial trial = new Trial(p -> ParamGroup.of(Sgd.defaults().withLr(0.4), p)
                .withLrSchedule(LearningRateSchedule.linearWarmup(4, LearningRateSchedule.constant())), 0f)) {
            assertChanges(new double[] {-0.1, -0.2, -0.3, -0.4, -0.4}, changes(trial, 5, 1f), 1e-6);
        }
    }

    @Test
    void momentumScheduleSwitchesFromHalfToNineTenths() {
        // b1 = g (torch's first step); then b = μ_t·b + g with μ = 0.5 on step 2 and 0.9 from step 3.
        try (Trial trial = new Trial(p -> ParamGroup.of(Sgd.defaults().withLr(0.1), p)
                .withMomentumSchedule(MomentumSchedule.switchAt(0.5, 0.9, 2)), 0f)) {
            double b1 = 1;
            double b2 = 0.5 * b1 + 1;
            double b3 = 0.9 * b2 + 1;
            double b4 = 0.9 * b3 + 1;
            assertChanges(new double[] {-0.1 * b1, -0.1 * b2, -0.1 * b3, -0.1 * b4}, changes(trial, 4, 1f), 1e-6);
            Close.assertRelative(new double[] {b4}, trial.state("momentum_buffer"), 1e-6, "momentum_buffer");
        }
    }

    /**
     * torch.optim.SGD with lr 0.1, dampening 0.5 and weight decay 0.1 from p = 1 under a constant
     * gradient of 1, evaluated in double: the momentum buffer is created as {@code d} (after weight
     * decay, undampened) on the first step whose momentum is non-zero, and then kept, untouched by
     * steps whose momentum is 0. Returns the parameter and the buffer after each step.
     */
    private static double[][] torchSgd(MomentumSchedule schedule, int steps) {
        double p = 1;
        Double buffer = null;
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            double d = 1 + 0.1 * p;
            double mu = schedule.momentum(0, t);
            if (mu != 0) {
                buffer = buffer == null ? d : mu * buffer + 0.5 * d;
                d = buffer;
            }
            p -= 0.1 * d;
            out[t] = new double[] {p, buffer == null ? 0 : buffer};
        }
        return out;
    }

    private static void assertSgdFollowsTorch(MomentumSchedule schedule) {
        try (Trial trial = new Trial(p -> ParamGroup.of(Sgd.defaults().withLr(0.1).withDampening(0.5)
                .withWeightDecay(0.1), p).withMomentumSchedule(schedule), 1f)) {
            double[][] expected = torchSgd(schedule, 5);
            for (int t = 0; t < expected.length; t++) {
                // |p|, |buffer| ≤ 2 after a handful of float32 roundings (2^-24 each): 1e-6 relative is safe.
                Close.assertRelative(expected[t][0], trial.step(1f)[0], 1e-6, "p after step " + (t + 1));
                Close.assertRelative(new double[] {expected[t][1]}, trial.state("momentum_buffer"), 1e-6,
                        "momentum_buffer after step " + (t + 1));
            }
        }
    }

    @Test
    void dampenedMomentumScheduledFromZeroStartsItsBufferAtTheGradient() {
        // Steps 1-2 without momentum; step 3 creates the buffer as d itself, not (1 - dampening)·d.
        assertSgdFollowsTorch((configured, step) -> step < 2 ? 0 : 0.9);
    }

    @Test
    void aStepWithoutMomentumKeepsTheBufferForTheNextStepWithMomentum() {
        assertSgdFollowsTorch((configured, step) -> step == 1 ? 0 : 0.9);
    }

    @Test
    void scheduledMomentumFromZeroFindsItsBuffer() {
        // A spec configured without momentum still allocates the buffer, so a ramp from 0 works.
        try (Trial trial = new Trial(p -> ParamGroup.of(RmsProp.defaults().withAlpha(0).withEps(1e-3), p)
                .withMomentumSchedule(MomentumSchedule.linearRamp(0.0, 0.5, 1)), 0f)) {
            // alpha = 0: avg = |g| + eps. Step 1 (μ = 0): p -= lr·g/avg. Step 2 (μ = 0.5): b = 0.5·0 + g/avg.
            double normalised = 1 / (1 + 1e-3);
            assertChanges(new double[] {-0.01 * normalised, -0.01 * normalised}, changes(trial, 2, 1f), 1e-6);
            Close.assertRelative(new double[] {normalised}, trial.state("momentum_buffer"), 1e-6, "momentum_buffer");
        }
    }

    @Test
    void scheduleYieldingAnInvalidValueFailsTheStepNamingIt() {
        try (Trial trial = new Trial(p -> ParamGroup.of(Sgd.defaults(), p)
                .withLrSchedule((base, step) -> step < 1 ? base : -base), 0f)) {
            trial.step(1f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trial.step(1f));
            assertEquals("lr = -0.001 is invalid: must be in [0, ∞)", e.getMessage());
            assertEquals(1, trial.optimizer.stepCount());
        }
    }
}

package dev.descent.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Schedule values at given steps (0-based). Expected values are written out by hand; the tolerance
 * 1e-12 only absorbs the last bit of {@code pow} and {@code cos}.
 */
class ScheduleTest {
    private static final double TOL = 1e-12;

    @Test
    void constantLearningRate() {
        LearningRateSchedule s = LearningRateSchedule.constant();
        assertEquals(0.1, s.lr(0.1, 0));
        assertEquals(0.1, s.lr(0.1, 1_000_000));
    }

    @Test
    void stepDecayHalvesEveryStepSize() {
        LearningRateSchedule s = LearningRateSchedule.step(3, 0.5);
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.lr(1.0, t), TOL, "step " + t);
        }
    }

    @Test
    void exponentialDecay() {
        LearningRateSchedule s = LearningRateSchedule.exponential(0.9);
        assertEquals(2.0, s.lr(2.0, 0), TOL);
        assertEquals(1.8, s.lr(2.0, 1), TOL);
        assertEquals(2.0 * 0.729, s.lr(2.0, 3), TOL);
    }

    @Test
    void cosineAnnealingReachesTheMinimumAndStays() {
        LearningRateSchedule s = LearningRateSchedule.cosine(4, 0.1);
        assertEquals(1.0, s.lr(1.0, 0), TOL);
        assertEquals(0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2, s.lr(1.0, 1), TOL);
        assertEquals(0.55, s.lr(1.0, 2), TOL);
        assertEquals(0.1, s.lr(1.0, 4), TOL);
        assertEquals(0.1, s.lr(1.0, 100), TOL);
    }

    @Test
    void linearWarmupThenTheFollowingSchedule() {
        LearningRateSchedule s = LearningRateSchedule.linearWarmup(4, LearningRateSchedule.step(2, 0.1));
        double[] expected = {0.25, 0.5, 0.75, 1, 1, 1, 0.1, 0.1, 0.01};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.lr(1.0, t), TOL, "step " + t);
        }
    }

    @Test
    void momentumSchedules() {
        MomentumSchedule course = MomentumSchedule.course(5);
        assertEquals(0.5, course.momentum(0.0, 0));
        assertEquals(0.5, course.momentum(0.0, 4));
        assertEquals(0.9, course.momentum(0.0, 5));
        assertEquals(0.9, course.momentum(0.0, 500));
        MomentumSchedule ramp = MomentumSchedule.linearRamp(0.5, 0.9, 4);
        double[] expected = {0.5, 0.6, 0.7, 0.8, 0.9, 0.9};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], ramp.momentum(0.0, t), TOL, "step " + t);
        }
        assertEquals(0.7, MomentumSchedule.constant().momentum(0.7, 99));
    }

    @Test
    void invalidScheduleArgumentsAreRejected() {
        assertEquals("step_size = 0 is invalid: must be in [1, ∞)",
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5)).getMessage());
        assertEquals("gamma = 0.0 is invalid: must be in (0, ∞)",
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(2, 0)).getMessage());
        assertEquals("gamma = -0.5 is invalid: must be in (0, ∞)",
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(-0.5)).getMessage());
        assertEquals("T_max = -1 is invalid: must be in [1, ∞)",
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(-1, 0)).getMessage());
        assertEquals("eta_min = -0.1 is invalid: must be in [0, ∞)",
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(10, -0.1)).getMessage());
        assertEquals("warmup_steps = 0 is invalid: must be in [1, ∞)", assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.linearWarmup(0, LearningRateSchedule.constant())).getMessage());
        assertEquals("final momentum = 1.0 is invalid: must be in [0, 1)",
                assertThrows(IllegalArgumentException.class, () -> MomentumSchedule.switchAt(0.5, 1.0, 3)).getMessage());
        assertEquals("initial momentum = -0.5 is invalid: must be in [0, 1)",
                assertThrows(IllegalArgumentException.class, () -> MomentumSchedule.linearRamp(-0.5, 0.9, 3)).getMessage());
        assertEquals("switch step = -1 is invalid: must be in [0, ∞)",
                assertThrows(IllegalArgumentException.class, () -> MomentumSchedule.switchAt(0.5, 0.9, -1)).getMessage());
        assertEquals("ramp steps = 0 is invalid: must be in [1, ∞)",
                assertThrows(IllegalArgumentException.class, () -> MomentumSchedule.linearRamp(0.5, 0.9, 0)).getMessage());
    }
}

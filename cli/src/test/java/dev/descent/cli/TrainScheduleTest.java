package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.optim.schedule.LearningRateSchedule;
import org.junit.jupiter.api.Test;

/**
 * {@code --lr-schedule}: parsed, resolved for a run (its length spelt out), spelt back so that a
 * checkpoint keeps it, and turned into torch's schedules; bad text is one line naming the problem.
 */
class TrainScheduleTest {

    @Test
    void cosineResolvesItsLengthFromTheRunAndKeepsAGivenOne() throws BadInputException {
        TrainSchedule run = TrainSchedule.parse("cosine:warmup=10,eta_min=0.001").resolve(110);
        assertEquals("cosine:t_max=100.0,eta_min=0.001,warmup=10.0", run.text(), "t_max: the steps after warm-up");
        assertEquals(run, TrainSchedule.parse(run.text()).resolve(5), "a resolved schedule resolves to itself");
        assertEquals("step:step_size=30.0,gamma=0.1", TrainSchedule.parse("STEP:step_size=30").resolve(1).text());
        assertEquals("constant", TrainSchedule.parse("constant").resolve(7).text());
    }

    @Test
    void theRatesAreTorchsWarmUpThenCosineAnnealing() throws BadInputException {
        // linear warm-up base·(t+1)/w for t < w, then CosineAnnealingLR's closed form
        // eta_min + (base − eta_min)(1 + cos(π·t/T))/2 counted from the end of the warm-up: exact
        // doubles of the same expressions, so equal to the last bit.
        LearningRateSchedule s = TrainSchedule.parse("cosine:warmup=4,t_max=8,eta_min=0.01").resolve(0).schedule();
        assertEquals(0.1 * 1 / 4, s.lr(0.1, 0), 0);
        assertEquals(0.1 * 4 / 4, s.lr(0.1, 3), 0);
        assertEquals(0.1, s.lr(0.1, 4), 0);
        assertEquals(0.01 + (0.1 - 0.01) * (1 + Math.cos(Math.PI * 3 / 8)) / 2, s.lr(0.1, 7), 0);
        assertEquals(0.01, s.lr(0.1, 100), 0, "eta_min after t_max");
        LearningRateSchedule step = TrainSchedule.parse("step:step_size=3,gamma=0.5").resolve(0).schedule();
        assertEquals(0.1 * 0.25, step.lr(0.1, 7), 0);
    }

    @Test
    void badTextIsOneLineNamingTheProblem() {
        assertEquals("unknown --lr-schedule 'cosin' (schedules: constant, cosine, exponential, step)",
                message("cosin"));
        assertEquals("--lr-schedule cosine: 'tmax=3' is not one of t_max=X, eta_min=X, warmup=X",
                message("cosine:tmax=3"));
        assertEquals("--lr-schedule step: gamma must be a number, got 'half'", message("step:step_size=2,gamma=half"));
        assertEquals("--lr-schedule step: step_size is given twice", message("step:step_size=2,step_size=3"));
        assertEquals("--lr-schedule exponential needs gamma=X", message("exponential"));
        assertEquals("--lr-schedule cosine: warmup must be a whole number of steps ≥ 0, got 2.5",
                message("cosine:warmup=2.5"));
        assertEquals("--lr-schedule constant: 'x=1' is not one of its keys (it takes none)", message("constant:x=1"));
    }

    private static String message(String text) {
        return assertThrows(BadInputException.class, () -> TrainSchedule.parse(text).resolve(100)).getMessage();
    }
}

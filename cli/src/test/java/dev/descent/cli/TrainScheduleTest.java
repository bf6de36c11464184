package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.optim.ParamGroup;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.LearningRateSchedule;
import dev.descent.optim.schedule.OneCycle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --lr-schedule}: parsed, resolved for a run (its length spelt out), spelt back so that a
 * checkpoint keeps it, and turned into the library's schedules (whose agreement with torch's
 * schedulers their own tests check); bad text is one line naming the problem.
 */
class TrainScheduleTest {

    private static final ParamGroup SGD = ParamGroup.of(Sgd.defaults().withLr(0.1).withMomentum(0.9), List.of());

    private static ParamGroup group(String text, long runSteps) throws BadInputException {
        return TrainSchedule.parse(text).resolve(runSteps).applyTo(SGD);
    }

    @Test
    void aScheduleResolvesItsLengthFromTheRunAndKeepsAGivenOne() throws BadInputException {
        TrainSchedule run = TrainSchedule.parse("cosine:warmup=10,eta_min=1e-3").resolve(110);
        assertEquals("cosine:t_max=100,eta_min=0.001,warmup=10", run.text(), "t_max: the steps after warm-up");
        assertEquals(run, TrainSchedule.parse(run.text()).resolve(5), "a resolved schedule resolves to itself");
        assertEquals("step:step_size=30,gamma=0.1", TrainSchedule.parse("STEP:step_size=30").resolve(1).text());
        assertEquals("onecycle:total_steps=270,pct_start=0.3,anneal_strategy=cos,cycle_momentum=true,"
                + "base_momentum=0.85,max_momentum=0.95,div_factor=25.0,final_div_factor=10000.0,three_phase=false",
                TrainSchedule.parse("onecycle").resolve(270).text());
        assertEquals("plateau:mode=min,factor=0.5,patience=2,threshold=1.0E-4,threshold_mode=rel,cooldown=0,"
                + "min_lr=0.0,eps=1.0E-8", TrainSchedule.parse("plateau:factor=0.5,patience=2").resolve(9).text());
        assertEquals("constant", TrainSchedule.parse("constant").resolve(7).text());
    }

    @Test
    void theRatesAreTheLibrarysSchedules() throws BadInputException {
        // linear warm-up base·(t+1)/w for t < w, then CosineAnnealingLR's closed form
        // eta_min + (base − eta_min)(1 + cos(π·t/T))/2 counted from the end of the warm-up: exact
        // doubles of the same expressions, so equal to the last bit.
        LearningRateSchedule s = group("cosine:warmup=4,t_max=8,eta_min=0.01", 0).lrSchedule();
        assertEquals(0.1 * 1 / 4, s.lr(0.1, 0), 0);
        assertEquals(0.1, s.lr(0.1, 4), 0);
        assertEquals(0.01 + (0.1 - 0.01) * (1 + Math.cos(Math.PI * 3 / 8)) / 2, s.lr(0.1, 7), 0);
        assertEquals(0.01, s.lr(0.1, 100), 0, "eta_min after t_max");
        assertEquals(0.1 * 0.25, group("step:step_size=3,gamma=0.5", 0).lrSchedule().lr(0.1, 7), 0);
        assertEquals(LearningRateSchedule.cosineRestarts(5, 2, 0).lr(0.1, 12),
                group("cosine-restarts:t_0=5,t_mult=2", 0).lrSchedule().lr(0.1, 12), 0);
        ParamGroup cycle = group("onecycle:pct_start=0.25", 40);
        OneCycle expected = OneCycle.of(40).withPctStart(0.25);
        for (long step = 0; step < 40; step += 7) {
            assertEquals(expected.lr(0.1, step), cycle.lrSchedule().lr(0.1, step), 0, "step " + step);
            assertEquals(expected.momentumSchedule().momentum(0.9, step),
                    cycle.momentumSchedule().momentum(0.9, step), 0, "step " + step);
        }
        assertNull(group("onecycle:cycle_momentum=false", 40).momentumSchedule());
        assertNotNull(cycle.momentumSchedule());
    }

    @Test
    void badTextIsOneLineNamingTheProblem() {
        assertEquals("unknown --lr-schedule 'cosin' (schedules: constant, cosine, cosine-restarts, onecycle, plateau,"
                + " step, exponential)", message("cosin"));
        assertEquals("--lr-schedule cosine: 'tmax=3' is not one of t_max=X, eta_min=X, warmup=X",
                message("cosine:tmax=3"));
        assertEquals("--lr-schedule step: gamma must be a finite number, got 'half'",
                message("step:step_size=2,gamma=half"));
        assertEquals("--lr-schedule step: step_size is given twice", message("step:step_size=2,step_size=3"));
        assertEquals("--lr-schedule exponential needs gamma=X", message("exponential"));
        assertEquals("--lr-schedule cosine: warmup must be a whole number ≥ 0, got '2.5'", message("cosine:warmup=2.5"));
        assertEquals("--lr-schedule constant: 'x=1' is not one of its keys (it takes none)", message("constant:x=1"));
        assertEquals("--lr-schedule onecycle: anneal_strategy must be cos or linear, got 'cosine'",
                message("onecycle:anneal_strategy=cosine"));
        assertEquals("--lr-schedule plateau: mode must be min or max, got 'up'", message("plateau:mode=up"));
        assertEquals("--lr-schedule onecycle: three_phase must be true or false, got 'yes'",
                message("onecycle:three_phase=yes"));
        assertEquals("--lr-schedule onecycle ends after total_steps=10 steps, but the run takes 11 (--epochs,"
                + " --max-iter): give a longer cycle", assertThrows(BadInputException.class,
                        () -> TrainSchedule.parse("onecycle:total_steps=10").resolve(11).requireCovers(11))
                .getMessage());
    }

    private static String message(String text) {
        return assertThrows(BadInputException.class, () -> TrainSchedule.parse(text).resolve(100)).getMessage();
    }
}

package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.RpropVariant;
import dev.descent.optim.schedule.LearningRateSchedule;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hyper-parameters set between steps ({@link Optimizer#setLr}, {@link Optimizer#setHyper},
 * {@link Optimizer#setSpec}): the next step uses them, schedules apply on top, and bad values throw
 * naming the hyper-parameter and change nothing.
 */
class SettableHyperTest {

    @Test
    void theNextStepUsesTheNewRate() {
        // SGD without momentum: w ← w − lr·g, exact in float for these values.
        try (Trial t = new Trial(Sgd.defaults().withLr(0.5), 1f)) {
            assertArrayEquals(new float[] {0.5f}, t.step(1f));
            t.optimizer.setLr(0, 0.25);
            assertEquals(0.25, t.optimizer.spec(0).lr());
            assertArrayEquals(new float[] {0.25f}, t.step(1f));
            t.optimizer.setHyper(0, "lr", 0.125);
            assertArrayEquals(new float[] {0.125f}, t.step(1f));
            assertEquals(0.125, t.optimizer.groups().get(0).spec().lr(), "groups() shows the current spec");
        }
    }

    @Test
    void aSettingEqualsBuildingWithIt() {
        // Adam set to other betas after two steps equals a run built with them from the start on the
        // same state: the step count and moments carry over, the new betas apply.
        Adam first = Adam.defaults().withLr(0.01);
        Adam second = first.withBetas(0.5, 0.9).withEps(1e-3);
        float[] set;
        try (Trial t = new Trial(first, 1f, -2f)) {
            t.step(0.3f, -0.1f);
            t.step(0.2f, 0.4f);
            t.optimizer.setHyper(0, "betas", List.of(0.5, 0.9));
            t.optimizer.setHyper(0, "eps", 1e-3);
            assertEquals(second, t.optimizer.spec(0));
            set = t.step(-0.5f, 0.25f);
        }
        float[] built;
        try (Trial t = new Trial(first, 1f, -2f)) {
            t.step(0.3f, -0.1f);
            t.step(0.2f, 0.4f);
            t.optimizer.setSpec(0, second);
            built = t.step(-0.5f, 0.25f);
        }
        float[] unchanged;
        try (Trial t = new Trial(first, 1f, -2f)) {
            t.step(0.3f, -0.1f);
            t.step(0.2f, 0.4f);
            unchanged = t.step(-0.5f, 0.25f);
        }
        assertArrayEquals(built, set);
        assertTrue(unchanged[0] != set[0], "the new betas changed the step");
    }

    @Test
    void schedulesApplyOnTopOfTheNewBaseRate() {
        // ExponentialLR(gamma = 0.5): step 2 (0-based) runs at base·0.25.
        try (Trial t = new Trial(p -> ParamGroup.of(Sgd.defaults().withLr(1), p)
                .withLrSchedule(LearningRateSchedule.exponential(0.5)), 0f)) {
            assertArrayEquals(new float[] {-1f}, t.step(1f));
            assertArrayEquals(new float[] {-1.5f}, t.step(1f));
            t.optimizer.setLr(0, 4);
            assertEquals(4, t.optimizer.spec(0).lr());
            assertEquals(1, t.optimizer.scheduledSpec(0).lr(), "the rate of the next step");
            assertArrayEquals(new float[] {-2.5f}, t.step(1f), "4 · 0.5² = 1");
        }
    }

    @Test
    void badValuesAreNamedAndChangeNothing() {
        try (Trial t = new Trial(Adam.defaults(), 1f)) {
            Optimizer o = t.optimizer;
            assertRejected(o, () -> o.setLr(0, Double.NaN), "lr");
            assertRejected(o, () -> o.setLr(0, -0.1), "lr");
            assertRejected(o, () -> o.setHyper(0, "lr", Double.NaN), "lr");
            assertRejected(o, () -> o.setHyper(0, "weight_decay", -1.0), "weight_decay");
            assertRejected(o, () -> o.setHyper(0, "betas", List.of(0.9, 1.5)), "beta2");
            assertRejected(o, () -> o.setHyper(0, "betas", 0.9), "betas");
            assertRejected(o, () -> o.setHyper(0, "eps", "small"), "eps");
            assertRejected(o, () -> o.setHyper(0, "gamma", 0.5), "gamma");
            assertRejected(o, () -> o.setHyper(0, "amsgrad", true), "max_exp_avg_sq");
            assertRejected(o, () -> o.setSpec(0, Sgd.defaults()), "sgd");
            assertRejected(o, () -> o.setLr(1, 0.1), "group 1");
            assertRejected(o, () -> o.setLr(-1, 0.1), "group -1");
        }
        try (Trial t = new Trial(Rprop.defaults(), 1f)) {
            assertRejected(t.optimizer, () -> t.optimizer.setLr(0, 0), "lr");
            assertRejected(t.optimizer, () -> t.optimizer.setHyper(0, "variant", "rprop+"), "prev_update");
            t.optimizer.setHyper(0, "variant", RpropVariant.RPROP_MINUS.label());
            assertEquals(RpropVariant.RPROP_MINUS, ((Rprop) t.optimizer.spec(0)).variant(), "same state: allowed");
        }
    }

    private static void assertRejected(Optimizer o, Executable change, String named) {
        OptimizerSpec before = o.spec(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, change);
        assertTrue(e.getMessage().contains(named), e.getMessage());
        assertEquals(before, o.spec(0), "nothing changed");
    }

    @Test
    void eachGroupIsSetOnItsOwn() {
        Backend backend = new ReferenceBackend();
        try (Tensor a = backend.fromArray("a", new float[] {0}); Tensor da = backend.fromArray("da", new float[] {1});
                Tensor b = backend.fromArray("b", new float[] {0}); Tensor db = backend.fromArray("db", new float[] {1});
                Optimizer o = Optimizer.builder(backend)
                        .group(ParamGroup.of(Sgd.defaults().withLr(1), new Parameter(a, da)))
                        .group(ParamGroup.of(Sgd.defaults().withLr(1), new Parameter(b, db))).build()) {
            o.setLr(1, 0.5);
            o.step();
            assertArrayEquals(new float[] {-1f}, a.toFloatArray());
            assertArrayEquals(new float[] {-0.5f}, b.toFloatArray());
            assertEquals(1.0, o.spec(0).lr());
        }
    }

    @Test
    void aClosedOptimizerRefusesSettings() {
        Trial t = new Trial(Sgd.defaults(), 1f);
        t.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.optimizer.setLr(0, 0.1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}

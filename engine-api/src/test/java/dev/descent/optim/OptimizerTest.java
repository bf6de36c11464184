package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.RpropVariant;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Optimizer}'s checks: what it rejects, and that a rejected step changes nothing. */
class OptimizerTest {

    private final Backend backend = new ReferenceBackend();

    private Tensor tensor(String name, float... values) {
        return backend.fromArray(name, values);
    }

    @Test
    void rejectsGradientOfAnotherShape() {
        Tensor w = backend.allocate("w", DType.FLOAT32, 2, 3);
        Tensor dw = backend.allocate("dw", DType.FLOAT32, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.of(backend, Sgd.defaults(), new Parameter(w, dw)));
        assertEquals("shape mismatch: 'w' has shape [2, 3] but 'dw' has shape [3, 2]", e.getMessage());
    }

    @Test
    void rejectsTensorsOfAnotherBackendInstance() {
        Backend other = new ReferenceBackend();
        Tensor w = other.allocate("w", DType.FLOAT32, 4);
        Tensor dw = backend.allocate("dw", DType.FLOAT32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.of(backend, Sgd.defaults(), new Parameter(w, dw)));
        assertEquals("tensor 'w' belongs to another instance of backend 'reference' but the optimizer runs on "
                + "'reference'", e.getMessage());
        Tensor w2 = backend.allocate("w2", DType.FLOAT32, 4);
        Tensor dw2 = other.allocate("dw2", DType.FLOAT32, 4);
        e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.of(backend, Sgd.defaults(), new Parameter(w2, dw2)));
        assertTrue(e.getMessage().startsWith("tensor 'dw2' belongs to another instance"), e.getMessage());
    }

    @Test
    void rejectsFloat64Tensors() {
        Tensor w = backend.fromArray("w", new double[] {1, 2});
        Tensor dw = backend.fromArray("dw", new double[] {0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.of(backend, Adam.defaults(), new Parameter(w, dw)));
        assertEquals("an optimizer needs float32 tensors but 'w' is float64", e.getMessage());
        Tensor w32 = tensor("w32", 1, 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.of(backend, Adam.defaults(), new Parameter(w32, dw)));
        assertEquals("an optimizer needs float32 tensors but 'dw' is float64", e.getMessage());
    }

    @Test
    void rejectsClosedTensorsWhenBuilt() {
        Tensor w = tensor("w", 1, 2);
        Tensor dw = tensor("dw", 0, 0);
        dw.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Optimizer.of(backend, Sgd.defaults(), new Parameter(w, dw)));
        assertEquals("tensor 'dw' is closed", e.getMessage());
    }

    @Test
    void rejectsParameterThatIsItsOwnGradientOrAppearsTwice() {
        Tensor w = tensor("w", 1, 2);
        Tensor dw = tensor("dw", 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.of(backend, Sgd.defaults(), new Parameter(w, w)));
        assertEquals("tensor 'w' is both a parameter and its gradient", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.of(backend, Sgd.defaults(), new Parameter(w, dw), new Parameter(w, dw)));
        assertEquals("tensor 'w' appears in more than one parameter slot", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.builder(backend).build());
        assertEquals("an optimizer needs at least one parameter group", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"w", "dw", "w.exp_avg"})
    void closedTensorFailsTheStepNamingItAndChangesNothing(String closed) {
        Tensor w = tensor("w", 1, 2);
        Tensor dw = tensor("dw", 0.5f, -0.5f);
        // A first group that would be updated before the second if the checks came late.
        Tensor v = tensor("v", 3, 4);
        Tensor dv = tensor("dv", 1, 1);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Sgd.defaults().withLr(0.1), new Parameter(v, dv)))
                .group(ParamGroup.of(Adam.defaults(), new Parameter(w, dw))).build()) {
            Map<String, Tensor> byName = Map.of("w", w, "dw", dw, "w.exp_avg", opt.state(w).get("exp_avg"));
            byName.get(closed).close();
            IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
            assertEquals("tensor '" + closed + "' is closed", e.getMessage());
            assertArrayEquals(new float[] {3, 4}, v.toFloatArray());
            assertEquals(0, opt.stepCount());
        }
    }

    @Test
    void anOptimizerCannotBeUsedOnceClosed() {
        Tensor w = tensor("w", 1, 2);
        Tensor dw = tensor("dw", 0, 0);
        Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, dw));
        Tensor expAvg = opt.state(w).get("exp_avg");
        opt.close();
        opt.close(); // closing twice is harmless
        assertTrue(expAvg.isClosed(), "the optimizer frees its state");
        assertFalse(w.isClosed() || dw.isClosed(), "the parameters and gradients stay the caller's");
        assertEquals("optimizer is closed", assertThrows(IllegalStateException.class, opt::step).getMessage());
        assertEquals("optimizer is closed", assertThrows(IllegalStateException.class, () -> opt.step(1.0)).getMessage());
        assertEquals("optimizer is closed", assertThrows(IllegalStateException.class, () -> opt.state(w)).getMessage());
        assertEquals("optimizer is closed", assertThrows(IllegalStateException.class, opt::reset).getMessage());
    }

    @Test
    void stateOfATensorThatIsNoParameterIsRejected() {
        Tensor w = tensor("w", 1, 2);
        Tensor dw = tensor("dw", 0, 0);
        try (Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, dw))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.state(dw));
            assertEquals("tensor 'dw' is not a parameter of this optimizer", e.getMessage());
        }
    }

    /** Everything a step can change, copied: parameters, every state tensor, group state and counters. */
    private record Snapshot(List<float[]> tensors, List<Map<String, Double>> groupStates, long steps, long skipped) {
        static Snapshot of(Optimizer opt, Tensor... params) {
            List<float[]> tensors = new ArrayList<>();
            for (Tensor p : params) {
                tensors.add(p.toFloatArray());
                opt.state(p).values().forEach(t -> tensors.add(t.toFloatArray()));
            }
            List<Map<String, Double>> groups = new ArrayList<>();
            for (int i = 0; i < opt.groups().size(); i++) {
                groups.add(new LinkedHashMap<>(opt.groupState(i)));
            }
            return new Snapshot(tensors, groups, opt.stepCount(), opt.skippedSteps());
        }

        void assertSameAs(Snapshot other) {
            assertEquals(tensors.size(), other.tensors.size());
            for (int i = 0; i < tensors.size(); i++) {
                // Bit patterns, not values: a rejected step must not even flip a -0 to +0.
                int[] a = bits(tensors.get(i));
                int[] b = bits(other.tensors.get(i));
                assertArrayEquals(a, b, "tensor #" + i);
            }
            assertEquals(groupStates, other.groupStates);
            assertEquals(steps, other.steps);
            assertEquals(skipped, other.skipped);
        }

        private static int[] bits(float[] v) {
            int[] b = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = Float.floatToRawIntBits(v[i]);
            }
            return b;
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void nonFiniteGradientThrowsAndLeavesEverythingBitIdentical(float bad) {
        Tensor w = tensor("w", 1, -2, 0.5f);
        Tensor dw = tensor("dw", 0.1f, 0.2f, -0.3f);
        Tensor v = tensor("v", 3, -0f);
        Tensor dv = tensor("dv", 1, 1);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(NAdam.defaults(), new Parameter(w, dw)))
                .group(ParamGroup.of(RmsProp.defaults().withMomentum(0.9).withCentered(true), new Parameter(v, dv)))
                .build()) {
            for (int i = 0; i < 3; i++) {
                assertTrue(opt.step());
            }
            Snapshot before = Snapshot.of(opt, w, v);
            dv.copyFrom(new float[] {0.5f, bad});
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, opt::step);
            assertEquals("dv", e.tensorName());
            assertEquals("gradient 'dv' holds NaN or Infinity at step 4; nothing was updated (use skipNonFinite to "
                    + "skip such steps instead)", e.getMessage());
            Snapshot.of(opt, w, v).assertSameAs(before);
            assertEquals(3, opt.stepCount());
        }
    }

    @Test
    void skipNonFiniteSkipsAndCountsSuchSteps() {
        Tensor w = tensor("w", 1, -2);
        Tensor dw = tensor("dw", 0.1f, 0.2f);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Adam.defaults(), new Parameter(w, dw)))
                .skipNonFinite(true).build()) {
            assertTrue(opt.step());
            Snapshot before = Snapshot.of(opt, w);
            dw.copyFrom(new float[] {Float.NaN, 0.2f});
            assertFalse(opt.step());
            dw.copyFrom(new float[] {0.1f, Float.POSITIVE_INFINITY});
            assertFalse(opt.step());
            assertEquals(2, opt.skippedSteps());
            assertEquals(1, opt.stepCount());
            new Snapshot(before.tensors(), before.groupStates(), 1, 2).assertSameAs(Snapshot.of(opt, w));
            dw.copyFrom(new float[] {0.1f, 0.2f});
            assertTrue(opt.step());
            assertEquals(2, opt.stepCount(), "a later finite step is step 2, not 4");
        }
    }

    @Test
    void irpropPlusWithoutLossThrowsBeforeChangingAnything() {
        Tensor v = tensor("v", 3, 4);
        Tensor dv = tensor("dv", 1, 1);
        Tensor w = tensor("w", 1, -2);
        Tensor dw = tensor("dw", 0.1f, 0.2f);
        Rprop irpropPlus = Rprop.defaults().withVariant(RpropVariant.IRPROP_PLUS);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Sgd.defaults(), new Parameter(v, dv)))
                .group(ParamGroup.of(irpropPlus, new Parameter(w, dw))).build()) {
            assertTrue(opt.step(2.0));
            Snapshot before = Snapshot.of(opt, v, w);
            assertEquals(Map.of(Rprop.PREV_LOSS, 2.0), before.groupStates().get(1));
            IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
            assertTrue(e.getMessage().startsWith("rprop (") && e.getMessage().endsWith("needs the loss: call step(loss)"),
                    e.getMessage());
            Snapshot.of(opt, v, w).assertSameAs(before);
        }
    }

    @Test
    void resetRestoresInitialStateAndStepCount() {
        Tensor w = tensor("w", 1, -2);
        Tensor dw = tensor("dw", 0.1f, 0.2f);
        try (Optimizer opt = Optimizer.of(backend, NAdam.defaults(), new Parameter(w, dw))) {
            opt.step();
            opt.step();
            assertTrue(opt.groupState(0).containsKey(NAdam.MU_PRODUCT));
            opt.reset();
            assertEquals(0, opt.stepCount());
            assertTrue(opt.groupState(0).isEmpty());
            assertArrayEquals(new float[] {0, 0}, opt.state(w).get("exp_avg").toFloatArray());
            assertSame(backend, opt.backend());
        }
    }
}

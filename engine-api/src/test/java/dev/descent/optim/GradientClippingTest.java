package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NormType;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient clipping inside {@link Optimizer#step()} on the reference backend, against torch's
 * {@code clip_grad_norm_} / {@code clip_grad_value_} called before the step: the same steps run on
 * copies of the parameters whose gradients the test clips itself, on the host.
 */
class GradientClippingTest {

    private static final int[] SIZES = {37, 5, 64};

    private final Backend backend = new ReferenceBackend();

    /** Every optimizer that can clip (vSGD cannot), plain and, where it has them, with weight decay and maximize. */
    static Stream<OptimizerSpec> specs() {
        List<OptimizerSpec> specs = new ArrayList<>();
        for (String name : OptimizerSpecs.names()) {
            if (name.equals("vsgd")) {
                continue;
            }
            specs.add(OptimizerSpecs.defaults(name));
            try {
                specs.add(OptimizerSpecs.fromHyper(name, Map.of("weight_decay", 0.1, "maximize", true)));
            } catch (IllegalArgumentException noWeightDecay) {
                specs.add(OptimizerSpecs.fromHyper(name, Map.of("maximize", true)));
            }
        }
        return specs.stream();
    }

    /** Two identical sets of parameters: one the optimizer clips, one the test clips. */
    private final class Twins implements AutoCloseable {
        final List<Tensor> tensors = new ArrayList<>();
        final List<Parameter> clipped = new ArrayList<>();
        final List<Parameter> byHand = new ArrayList<>();
        final List<float[]> grads = new ArrayList<>();

        Twins(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int k = 0; k < SIZES.length; k++) {
                float[] w = new float[SIZES[k]];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) random.nextDouble(-1, 1);
                }
                clipped.add(new Parameter(keep(backend.fromArray("w" + k, w)), keep(backend.fromArray("dw" + k, new float[w.length]))));
                byHand.add(new Parameter(keep(backend.fromArray("v" + k, w)), keep(backend.fromArray("dv" + k, new float[w.length]))));
            }
        }

        /** An optimizer that clips the first set inside its step. */
        Optimizer clipping(OptimizerSpec spec, GradientClipping clipping) {
            return Optimizer.builder(backend).group(ParamGroup.of(spec, clipped)).clipping(clipping).build();
        }

        /** An optimizer that steps the second set as it is. */
        Optimizer plain(OptimizerSpec spec) {
            return Optimizer.builder(backend).group(ParamGroup.of(spec, byHand)).build();
        }

        private Tensor keep(Tensor t) {
            tensors.add(t);
            return t;
        }

        /** Fresh gradients of about {@code size} per element into the clipped set; returns them. */
        List<float[]> newGradients(SplittableRandom random, double size) {
            grads.clear();
            for (Parameter p : clipped) {
                float[] g = new float[(int) p.grad().size()];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (size * random.nextGaussian());
                }
                p.grad().copyFrom(g);
                grads.add(g);
            }
            return grads;
        }

        /** The gradients with {@code clip} applied on the host, into the hand-clipped set. */
        void clipByHand(float scale, float maxValue) {
            for (int k = 0; k < grads.size(); k++) {
                float[] g = grads.get(k).clone();
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.min(Math.max(g[i], -maxValue), maxValue) * scale;
                }
                byHand.get(k).grad().copyFrom(g);
            }
        }

        /** The parameters, and the state of the optimizers {@code clipping} and {@code plain}, equal bit for bit. */
        void assertSameSteps(Optimizer clipping, Optimizer plain, String what) {
            for (int k = 0; k < clipped.size(); k++) {
                Tensor expected = byHand.get(k).param();
                Tensor actual = clipped.get(k).param();
                assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), what + ": parameter " + k);
                Map<String, Tensor> state = clipping.state(actual);
                for (Map.Entry<String, Tensor> e : plain.state(expected).entrySet()) {
                    assertArrayEquals(e.getValue().toFloatArray(), state.get(e.getKey()).toFloatArray(),
                            what + ": " + e.getKey() + " " + k);
                }
            }
        }

        void assertGradientsUntouched() {
            for (int k = 0; k < clipped.size(); k++) {
                assertArrayEquals(grads.get(k), clipped.get(k).grad().toFloatArray(), "gradient " + k + " was written");
            }
        }

        @Override
        public void close() {
            tensors.forEach(Tensor::close);
        }
    }

    /** {@code sqrt(Σ g²)} over all gradients in order, in double: what the reference's one pass computes. */
    private static double norm2(List<float[]> grads) {
        double sum = 0;
        for (float[] g : grads) {
            for (float x : g) {
                sum += (double) x * x;
            }
        }
        return Math.sqrt(sum);
    }

    private static double maxAbs(List<float[]> grads) {
        double max = 0;
        for (float[] g : grads) {
            for (float x : g) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max;
    }

    /**
     * Exact: the optimizer folds {@code (float) min(1, max_norm / (norm + 1e-6))} into its kernel and
     * multiplies each gradient element by it in float32, which is what the test does to the copies.
     */
    @ParameterizedTest
    @MethodSource("specs")
    void normClipInsideTheStepIsTheStepOnPreClippedGradients(OptimizerSpec spec) {
        for (NormType type : NormType.values()) {
            try (Twins t = new Twins(11);
                    Optimizer clipping = t.clipping(spec, GradientClipping.norm(1.2, type.torchValue(), false));
                    Optimizer plain = t.plain(spec)) {
                SplittableRandom random = new SplittableRandom(5);
                for (int step = 1; step <= 4; step++) {
                    List<float[]> g = t.newGradients(random, step == 3 ? 1e-3 : 0.7); // step 3: below max_norm
                    double norm = type == NormType.TWO ? norm2(g) : maxAbs(g);
                    assertTrue(clipping.step(1.0));
                    assertEquals(norm, clipping.lastGradNorm(), "the norm, before clipping");
                    assertEquals(norm, clipping.lastGradNorm(0));
                    double coefficient = Math.min(1.0, 1.2 / (norm + 1e-6));
                    assertEquals(step == 3, coefficient == 1.0, "the test's gradients clip on every step but the third");
                    t.clipByHand((float) coefficient, Float.POSITIVE_INFINITY);
                    plain.step(1.0);
                    t.assertSameSteps(clipping, plain, spec + " " + type + " step " + step);
                    t.assertGradientsUntouched();
                }
            }
        }
    }

    /**
     * Against torch's arithmetic: torch's total norm is a float32 tensor and {@code max_norm /
     * (total_norm + 1e-6)} is float32 arithmetic, so its coefficient may differ from the one computed
     * in double and rounded once by a few float32 ulps (2⁻²² relative, the norm's rounding and the two
     * operations'). That moves each effective gradient, and so each update, by that relative amount:
     * for the unit-sized parameters and steps of at most lr = 1 here, 1e-6 relative plus 1e-6 absolute
     * bounds it with a margin of ten.
     */
    @ParameterizedTest
    @MethodSource("specs")
    void normClipAgreesWithTorchsFloat32Formula(OptimizerSpec spec) {
        try (Twins t = new Twins(23);
                Optimizer clipping = t.clipping(spec, GradientClipping.norm(0.8));
                Optimizer plain = t.plain(spec)) {
            SplittableRandom random = new SplittableRandom(8);
            for (int step = 1; step <= 3; step++) {
                List<float[]> g = t.newGradients(random, 0.5);
                float totalNorm = (float) norm2(g); // torch: a float32 tensor
                float coefficient = Math.min(0.8f / (totalNorm + 1e-6f), 1.0f); // torch.clamp(clip_coef, max=1.0)
                t.clipByHand(coefficient, Float.POSITIVE_INFINITY);
                clipping.step(1.0);
                plain.step(1.0);
                for (int k = 0; k < SIZES.length; k++) {
                    float[] expected = t.byHand.get(k).param().toFloatArray();
                    float[] actual = t.clipped.get(k).param().toFloatArray();
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], actual[i], 1e-6 + 1e-6 * Math.abs(expected[i]),
                                spec + " step " + step + " parameter " + k + "[" + i + "]");
                    }
                }
            }
        }
    }

    /** Exact when the coefficient is 1: the step is the unclipped one, bit for bit, and the norm is still reported. */
    @ParameterizedTest
    @MethodSource("specs")
    void aNormWithinMaxNormChangesNothing(OptimizerSpec spec) {
        try (Twins t = new Twins(3);
                Optimizer clipping = t.clipping(spec, GradientClipping.norm(1e6));
                Optimizer plain = t.plain(spec)) {
            SplittableRandom random = new SplittableRandom(4);
            for (int step = 1; step <= 3; step++) {
                List<float[]> g = t.newGradients(random, 2.0);
                t.clipByHand(1f, Float.POSITIVE_INFINITY);
                clipping.step(1.0);
                plain.step(1.0);
                assertEquals(norm2(g), clipping.lastGradNorm());
                t.assertSameSteps(clipping, plain, spec + " step " + step);
            }
        }
    }

    /** Exact: {@code clip_grad_value_} clamps each element in float32, as the test does to the copies. */
    @ParameterizedTest
    @MethodSource("specs")
    void valueClipInsideTheStepIsTheStepOnPreClampedGradients(OptimizerSpec spec) {
        try (Twins t = new Twins(31);
                Optimizer clipping = t.clipping(spec, GradientClipping.value(0.3));
                Optimizer plain = t.plain(spec)) {
            SplittableRandom random = new SplittableRandom(9);
            for (int step = 1; step <= 4; step++) {
                t.newGradients(random, 0.5);
                t.clipByHand(1f, 0.3f);
                clipping.step(1.0);
                plain.step(1.0);
                assertTrue(Double.isNaN(clipping.lastGradNorm()), "a value clip takes no norm");
                t.assertSameSteps(clipping, plain, spec + " step " + step);
                t.assertGradientsUntouched();
            }
        }
    }

    /**
     * A group with a clipping of its own takes the norm of its gradients alone; the optimizer's norm
     * covers the other groups together ({@code clip_grad_norm_} over their parameters).
     */
    @Test
    void aGroupsOwnClippingReplacesTheOptimizersForThatGroup() {
        try (Twins t = new Twins(41);
                Optimizer opt = Optimizer.builder(backend)
                        .group(ParamGroup.of(Sgd.defaults().withLr(0.1), t.clipped.get(0)), GradientClipping.norm(0.5))
                        .group(ParamGroup.of(Adam.defaults(), t.clipped.get(1)))
                        .group(ParamGroup.of(Adam.defaults(), t.clipped.get(2)))
                        .clipGradNorm(1.0)
                        .build();
                Optimizer plain = Optimizer.builder(backend)
                        .group(ParamGroup.of(Sgd.defaults().withLr(0.1), t.byHand.get(0)))
                        .group(ParamGroup.of(Adam.defaults(), t.byHand.get(1)))
                        .group(ParamGroup.of(Adam.defaults(), t.byHand.get(2)))
                        .build()) {
            List<float[]> g = t.newGradients(new SplittableRandom(2), 1.0);
            opt.step();
            double own = norm2(g.subList(0, 1));
            double shared = norm2(g.subList(1, 3));
            assertEquals(own, opt.lastGradNorm(0));
            assertEquals(shared, opt.lastGradNorm());
            assertEquals(shared, opt.lastGradNorm(1));
            assertEquals(shared, opt.lastGradNorm(2));
            assertEquals(GradientClipping.norm(0.5), opt.clipping(0).orElseThrow());
            assertEquals(GradientClipping.norm(1.0), opt.clipping(2).orElseThrow());
            float ownScale = (float) (0.5 / (own + 1e-6));
            float sharedScale = (float) (1.0 / (shared + 1e-6));
            for (int k = 0; k < 3; k++) {
                float[] clippedByHand = g.get(k).clone();
                for (int i = 0; i < clippedByHand.length; i++) {
                    clippedByHand[i] *= k == 0 ? ownScale : sharedScale;
                }
                t.byHand.get(k).grad().copyFrom(clippedByHand);
            }
            plain.step();
            t.assertSameSteps(opt, plain, "per-group clipping");
        }
    }

    @Test
    void aNonFiniteNormIsANonFiniteGradientThatChangesNothing() {
        try (Twins t = new Twins(51);
                Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Adam.defaults(), t.clipped))
                        .clipGradNorm(1.0).build()) {
            t.newGradients(new SplittableRandom(1), 1.0);
            opt.step();
            double before = opt.lastGradNorm();
            float[][] params = paramsOf(t.clipped);
            t.clipped.get(1).grad().copyFrom(new float[] {0, 1, Float.NaN, 0, 0});
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, opt::step);
            assertEquals("dw1", e.tensorName());
            assertEquals(before, opt.lastGradNorm(), "a step that throws changes nothing, the last norm included");
            assertEquals(1, opt.stepCount());
            assertParams(params, t.clipped);
        }
    }

    @Test
    void aSkippedStepKeepsItsNonFiniteNormForLogging() {
        try (Twins t = new Twins(52);
                Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Sgd.defaults(), t.clipped))
                        .clipGradNorm(1.0, Double.POSITIVE_INFINITY, false).skipNonFinite(true).build()) {
            t.newGradients(new SplittableRandom(1), 1.0);
            float[][] params = paramsOf(t.clipped);
            t.clipped.get(2).grad().copyFrom(infinityAt(7, 64));
            assertFalse(opt.step());
            assertEquals(1, opt.skippedSteps());
            assertEquals(0, opt.stepCount());
            assertEquals(Double.POSITIVE_INFINITY, opt.lastGradNorm());
            assertParams(params, t.clipped);
        }
    }

    /** torch's {@code error_if_nonfinite=True} raises; here it throws even where the optimizer skips such steps. */
    @Test
    void errorIfNonfiniteThrowsEvenWhenSkipping() {
        try (Twins t = new Twins(53);
                Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Sgd.defaults(), t.clipped))
                        .clipGradNorm(1.0, 2, true).skipNonFinite(true).build()) {
            t.newGradients(new SplittableRandom(1), 1.0);
            float[][] params = paramsOf(t.clipped);
            t.clipped.get(2).grad().copyFrom(infinityAt(3, 64));
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, opt::step);
            assertEquals("the total norm of order 2.0 of the gradients is Infinity at step 1 (gradient 'dw2' holds NaN "
                    + "or Infinity), so it cannot be clipped; nothing was updated (error_if_nonfinite is set)", e.getMessage());
            assertEquals("dw2", e.tensorName());
            assertEquals(0, opt.skippedSteps());
            assertTrue(Double.isNaN(opt.lastGradNorm()));
            assertParams(params, t.clipped);
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheProblem() {
        Optimizer.Builder b = Optimizer.builder(backend);
        assertEquals("max_norm must be ≥ 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> b.clipGradNorm(-1)).getMessage());
        assertEquals("max_norm must be ≥ 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> b.clipGradNorm(Double.NaN)).getMessage());
        assertEquals("gradient clipping supports norm_type 2 or infinity, got 1.0",
                assertThrows(IllegalArgumentException.class, () -> b.clipGradNorm(1, 1, false)).getMessage());
        assertEquals("clip_value must be ≥ 0, got -0.5",
                assertThrows(IllegalArgumentException.class, () -> b.clipGradValue(-0.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GradientClip(1.5f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new GradientClip(0.5f, Float.NaN));
        try (Twins t = new Twins(60)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.builder(backend)
                    .group(ParamGroup.of(Vsgd.defaults(), t.clipped)).clipGradNorm(1).build());
            assertTrue(e.getMessage().startsWith("vsgd cannot clip its gradients (group 0)"), e.getMessage());
        }
    }

    private static float[] infinityAt(int index, int size) {
        float[] g = new float[size];
        g[index] = Float.NEGATIVE_INFINITY;
        return g;
    }

    private static float[][] paramsOf(List<Parameter> params) {
        return params.stream().map(p -> p.param().toFloatArray()).toArray(float[][]::new);
    }

    private static void assertParams(float[][] expected, List<Parameter> params) {
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], params.get(k).param().toFloatArray(), "parameter " + k + " changed");
        }
    }
}

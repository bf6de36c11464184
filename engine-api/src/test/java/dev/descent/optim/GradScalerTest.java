package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GradScaler} on its own (torch's update rule, its settings, its checkpoint state) and inside
 * {@link Optimizer#step()} on the reference backend: a step with a scaler is, bit for bit, the plain
 * step on gradients unscaled first in float32 as torch's {@code unscale_} writes them; a found-inf step
 * changes nothing but the scale; a fixed scale does not skip.
 */
class GradScalerTest {

    private static final int[] SIZES = {37, 5, 64};

    private final Backend backend = new ReferenceBackend();
    private final List<Tensor> open = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void close() {
        open.forEach(Tensor::close);
    }

    private Tensor keep(Tensor t) {
        open.add(t);
        return t;
    }

    /** Parameters from {@code seed}, with zero gradients. */
    private List<Parameter> params(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Parameter> params = new ArrayList<>();
        for (int k = 0; k < SIZES.length; k++) {
            float[] w = new float[SIZES[k]];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextDouble(-1, 1);
            }
            params.add(new Parameter(keep(backend.fromArray("w" + k, w)),
                    keep(backend.allocate("dw" + k, DType.FLOAT32, w.length))));
        }
        return params;
    }

    /** Gradients of about 1e-3 per element, as float arrays per parameter. */
    private static List<float[]> gradients(SplittableRandom random) {
        List<float[]> grads = new ArrayList<>();
        for (int n : SIZES) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) (1e-3 * random.nextGaussian());
            }
            grads.add(g);
        }
        return grads;
    }

    /** {@code grads[k][i]·factor} in float32 into the gradients of {@code params}. */
    private static void put(List<Parameter> params, List<float[]> grads, float factor) {
        for (int k = 0; k < params.size(); k++) {
            float[] g = grads.get(k).clone();
            for (int i = 0; i < g.length; i++) {
                g[i] = g[i] * factor;
            }
            params.get(k).grad().copyFrom(g);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.descent.optim.GradientClippingTest#specs") // every optimizer but vSGD, plain and decaying
    void aScaledStepIsThePlainStepOnGradientsUnscaledFirst(OptimizerSpec spec) {
        // 2^12 as GradScaler's scales are; 1000 is not a power of two, so g·S·(1/S) is not g
        for (GradScaler scaler : List.of(GradScaler.dynamic(4096f, 2, 0.5, 2000), GradScaler.fixed(1000f))) {
            List<Parameter> scaled = params(3);
            List<Parameter> plain = params(3);
            try (Optimizer a = Optimizer.builder(backend).group(ParamGroup.of(spec, scaled)).gradScaler(scaler).build();
                    Optimizer b = Optimizer.builder(backend).group(ParamGroup.of(spec, plain)).build()) {
                SplittableRandom random = new SplittableRandom(11);
                for (int t = 1; t <= 3; t++) {
                    List<float[]> g = gradients(random);
                    put(scaled, g, scaler.scale());
                    List<float[]> unscaled = new ArrayList<>();
                    for (float[] gk : g) {
                        float[] u = gk.clone();
                        for (int i = 0; i < u.length; i++) {
                            u[i] = (u[i] * scaler.scale()) * scaler.inverseScale(); // torch's unscale_, written
                        }
                        unscaled.add(u);
                    }
                    put(plain, unscaled, 1f);
                    double loss = random.nextDouble();
                    assertTrue(a.step(loss));
                    assertTrue(b.step(loss));
                    for (int k = 0; k < SIZES.length; k++) {
                        String at = spec + " " + scaler + ", step " + t + ", parameter " + k;
                        assertArrayEquals(plain.get(k).param().toFloatArray(), scaled.get(k).param().toFloatArray(), at);
                        Map<String, Tensor> state = a.state(scaled.get(k).param());
                        b.state(plain.get(k).param()).forEach((name, s) -> assertArrayEquals(s.toFloatArray(),
                                state.get(name).toFloatArray(), at + ": " + name));
                    }
                }
            }
        }
    }

    @Test
    void aFoundInfStepChangesNothingButTheScale() {
        GradScaler scaler = GradScaler.dynamic();
        List<Parameter> params = params(5);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Adam.defaults(), params))
                .gradScaler(scaler).build()) {
            SplittableRandom random = new SplittableRandom(1);
            put(params, gradients(random), scaler.scale());
            assertTrue(opt.step());
            assertEquals(1, scaler.growthTracker());
            float[] before = params.get(1).param().toFloatArray();
            float[] m = opt.state(params.get(1).param()).get("exp_avg").toFloatArray();
            List<float[]> g = gradients(random);
            g.get(2)[7] = Float.NaN;
            put(params, g, scaler.scale());
            assertFalse(opt.step(), "a found-inf step is skipped, without skipNonFinite");
            assertArrayEquals(before, params.get(1).param().toFloatArray());
            assertArrayEquals(m, opt.state(params.get(1).param()).get("exp_avg").toFloatArray());
            assertEquals(1, opt.stepCount());
            assertEquals(1, opt.skippedSteps());
            assertEquals(32768f, scaler.scale(), "backoff_factor 0.5");
            assertEquals(0, scaler.growthTracker());
        }
    }

    @Test
    void aFixedScaleDoesNotSkipANonFiniteGradient() {
        GradScaler scaler = GradScaler.fixed(128f);
        List<Parameter> params = params(5);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Sgd.defaults(), params))
                .gradScaler(scaler).build()) {
            List<float[]> g = gradients(new SplittableRandom(2));
            g.get(0)[0] = Float.POSITIVE_INFINITY;
            put(params, g, scaler.scale());
            float[] before = params.get(0).param().toFloatArray();
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, opt::step);
            assertEquals("dw0", e.tensorName());
            assertArrayEquals(before, params.get(0).param().toFloatArray());
            assertEquals(128f, scaler.scale());
        }
    }

    @Test
    void theScaleGrowsAfterTheIntervalBacksOffAndStopsShortOfOverflow() {
        GradScaler s = GradScaler.dynamic(1000f, 3.0, 0.3, 2);
        boolean[] infs = {false, true, false, false, false, true, true, false, false};
        float[] scales = {1000f, 300f, 300f, 900f, 900f, 270f, (float) (270f * 0.3), (float) (270f * 0.3),
            (float) ((float) (270f * 0.3) * 3.0)};
        int[] trackers = {1, 0, 1, 0, 1, 0, 0, 1, 0};
        for (int t = 0; t < infs.length; t++) {
            s.update(infs[t]);
            assertEquals(scales[t], s.scale(), "update " + (t + 1));
            assertEquals(trackers[t], s.growthTracker(), "update " + (t + 1));
        }
        GradScaler top = GradScaler.dynamic(0x1p127f, 2.0, 0.5, 1);
        top.update(false);
        assertEquals(0x1p127f, top.scale(), "2^128 overflows float32: the scale stays");
        assertEquals(0, top.growthTracker());
        GradScaler defaults = GradScaler.dynamic();
        assertEquals(65536f, defaults.scale());
        assertEquals(0x1p-16f, defaults.inverseScale());
        assertEquals(2.0, defaults.growthFactor());
        assertEquals(0.5, defaults.backoffFactor());
        assertEquals(2000, defaults.growthInterval());
        assertEquals(3 * 65536.0, defaults.scale(3.0));
        for (int t = 1; t < 2000; t++) {
            defaults.update(false);
        }
        assertEquals(65536f, defaults.scale());
        defaults.update(false);
        assertEquals(131072f, defaults.scale(), "grown after 2000 clean steps");
        GradScaler fixed = GradScaler.fixed(8f);
        fixed.update(true);
        fixed.update(false);
        assertEquals(8f, fixed.scale());
        assertFalse(fixed.isDynamic());
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertEquals("a loss scale must be finite and > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> GradScaler.fixed(0f)).getMessage());
        assertEquals("a loss scale must be finite and > 0, got Infinity", assertThrows(IllegalArgumentException.class,
                () -> GradScaler.dynamic(Float.POSITIVE_INFINITY, 2, 0.5, 1)).getMessage());
        assertEquals("growth_factor must be finite and > 1, got 1.0",
                assertThrows(IllegalArgumentException.class, () -> GradScaler.dynamic(1f, 1, 0.5, 1)).getMessage());
        assertEquals("backoff_factor must lie in (0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> GradScaler.dynamic(1f, 2, 1, 1)).getMessage());
        assertEquals("growth_interval must be ≥ 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> GradScaler.dynamic(1f, 2, 0.5, 0)).getMessage());
        List<Parameter> params = params(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.builder(backend)
                .group(ParamGroup.of(Vsgd.defaults(), params)).gradScaler(GradScaler.dynamic()).build());
        assertTrue(e.getMessage().startsWith("vsgd cannot unscale its gradients (group 0)"), e.getMessage());
    }

    @Test
    void aScaleBackedOffToNothingEndsTheRun() {
        GradScaler scaler = GradScaler.dynamic(0x1p-120f, 2, 0x1p-10, 2000);
        List<Parameter> params = params(4);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Sgd.defaults(), params))
                .gradScaler(scaler).build()) {
            List<float[]> g = gradients(new SplittableRandom(3));
            g.get(1)[0] = Float.NaN;
            put(params, g, 1f);
            assertFalse(opt.step());
            assertEquals(0x1p-130f, scaler.scale());
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, opt::step);
            assertTrue(e.getMessage().startsWith("the loss scale has backed off to " + 0x1p-130f + " after 1 skipped"),
                    e.getMessage());
        }
    }

    @Test
    void theScalerTravelsWithTheOptimizersCheckpoint(@TempDir Path dir) {
        GradScaler scaler = GradScaler.dynamic(1024f, 2, 0.5, 3);
        List<Parameter> params = params(6);
        Path file = dir.resolve("run.ckpt");
        Path without = dir.resolve("plain.ckpt");
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Adam.defaults(), params))
                .gradScaler(scaler).build()) {
            SplittableRandom random = new SplittableRandom(4);
            for (int t = 0; t < 5; t++) {
                List<float[]> g = gradients(random);
                if (t == 1) {
                    g.get(0)[3] = Float.POSITIVE_INFINITY;
                }
                put(params, g, scaler.scale());
                opt.step();
            }
            assertEquals(1024f, scaler.scale()); // backed off to 512 at step 2, grown at step 5
            assertEquals(0, scaler.growthTracker());
            opt.step(); // the same gradients again: tracker 1
            opt.save(file);
        }
        try (Optimizer plain = Optimizer.of(backend, Adam.defaults(), params(6).toArray(Parameter[]::new))) {
            plain.save(without);
        }
        GradScaler fresh = GradScaler.dynamic(1024f, 2, 0.5, 3);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Adam.defaults(), params(6)))
                .gradScaler(fresh).build()) {
            opt.load(file);
            assertEquals(1024f, fresh.scale());
            assertEquals(1, fresh.growthTracker());
            assertEquals(1, opt.skippedSteps());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.load(without));
            assertTrue(e.getMessage().contains("holds no state for 'grad_scaler'"), e.getMessage());
        }
        GradScaler other = GradScaler.dynamic(1024f, 2, 0.5, 2000);
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(Adam.defaults(), params(6)))
                .gradScaler(other).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.load(file));
            assertTrue(e.getMessage().contains("grad_scaler: the checkpoint's growth_interval is 3.0, this scaler's"
                    + " 2000.0"), e.getMessage());
            assertEquals(0, opt.stepCount(), "a refused checkpoint changes nothing");
        }
    }

    @Test
    void aStateWithMissingOrInvalidEntriesIsRefusedAndChangesNothing() {
        GradScaler s = GradScaler.dynamic();
        Map<String, Double> state = new LinkedHashMap<>(s.checkpointState());
        assertEquals(Map.of("scale", 65536.0, "growth_factor", 2.0, "backoff_factor", 0.5, "growth_interval", 2000.0,
                "_growth_tracker", 0.0, "dynamic", 1.0), state);
        state.remove("scale");
        state.put("extra", 1.0);
        assertEquals("grad_scaler: checkpoint state lacks [scale] and has unexpected [extra] (expected [scale,"
                + " growth_factor, backoff_factor, growth_interval, _growth_tracker, dynamic])",
                assertThrows(IllegalArgumentException.class, () -> s.restoreCheckpointState(state)).getMessage());
        Map<String, Double> bad = new LinkedHashMap<>(s.checkpointState());
        bad.put("_growth_tracker", 2000.0);
        assertThrows(IllegalArgumentException.class, () -> s.restoreCheckpointState(bad));
        bad.put("_growth_tracker", 5.0);
        bad.put("scale", 0.1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.restoreCheckpointState(bad)).getMessage()
                .contains("is not a finite float32"));
        bad.put("scale", 8.0);
        s.restoreCheckpointState(bad);
        assertEquals(8f, s.scale());
        assertEquals(5, s.growthTracker());
    }
}

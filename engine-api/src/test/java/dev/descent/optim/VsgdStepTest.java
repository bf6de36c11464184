package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vSGD steps on the reference kernel, computed by hand. Values chosen so that the float32 arithmetic
 * is exact where the assertions are exact; elsewhere the tolerance is 1e-6 relative, a few float32
 * ulps, and says so.
 */
class VsgdStepTest {

    private static final Backend B = new ReferenceBackend();

    /** One parameter of one element; returns the optimizer and its tensors. */
    private record One(Optimizer opt, Tensor p, Tensor g) implements AutoCloseable {
        static One of(Vsgd spec, float p0) {
            Tensor p = B.allocate("p", DType.FLOAT32, new long[] {1});
            Tensor g = B.allocate("g", DType.FLOAT32, new long[] {1});
            p.copyFrom(new double[] {p0});
            return new One(Optimizer.of(B, spec, new Parameter(p, g)), p, g);
        }

        float step(float grad, float curvature) {
            g.copyFrom(new double[] {grad});
            opt.state(p).get("curvature").copyFrom(new double[] {curvature});
            opt.step();
            return p.toFloatArray()[0];
        }

        float state(String name) {
            return opt.state(p).get(name).toFloatArray()[0];
        }

        void set(String name, float value) {
            opt.state(p).get(name).copyFrom(new double[] {value});
        }

        @Override
        public void close() {
            opt.close();
            p.close();
            g.close();
        }
    }

    @Test
    void slowStartAveragesWithoutMovingThenScalesTheVariance() {
        try (One o = One.of(Vsgd.defaults().withSlowStart(2, 4), 1f)) {
            assertEquals(1f, o.step(2f, 3f));
            assertEquals(1f, o.step(4f, -5f)); // |h| is used
            assertEquals(3f, o.state("g_avg")); // (2 + 4)/2
            assertEquals(4f * (4f + 16f) / 2, o.state("v_avg")); // the mean square, × C = 4
            assertEquals(4f, o.state("h_avg")); // (3 + 5)/2
            assertEquals(2f, o.state("tau"));
        }
    }

    @Test
    void vsgdLocalStepIsAlgorithmOne() {
        // Slow start of one sample (g = 2, h = 4, C = 2): ḡ = 2, v̄ = 2·4 = 8, h̄ = 4, τ = 2.
        // Step 2 (g = 1, h = 4): f = 1/2, ḡ = 1.5, v̄ = 4.5, h̄ = 4, r = 2.25/4.5 = 0.5 (eps = 1e-9 vanishes
        // in float32 beside 4.5), τ = 0.5·2 + 1 = 2, η = 0.5/4 = 0.125, p = 1 - 0.125·1 = 0.875: all exact.
        try (One o = One.of(Vsgd.defaults().withSlowStart(1, 2), 1f)) {
            assertEquals(1f, o.step(2f, 4f));
            assertEquals(0.875f, o.step(1f, 4f));
            assertEquals(1.5f, o.state("g_avg"));
            assertEquals(4.5f, o.state("v_avg"));
            assertEquals(4f, o.state("h_avg"));
            assertEquals(2f, o.state("tau"));
        }
    }

    @Test
    void vsgdFdRateUsesTheCurvatureVariance() {
        // No slow start, τ = 2 → f = 1/2 on the first step (g = 2, h = |-3| = 3): ḡ = 1, v̄ = 2, h̄ = 1.5,
        // h2̄ = 4.5, r = 1/2, η = r·(h̄/h2̄) = 1/6, p = 1 - 2/6 = 2/3 (to 1e-6: float32 rounding of 1/3).
        try (One o = One.of(Vsgd.defaults().withVariant(VsgdCurvature.FINITE_DIFFERENCE).withSlowStart(0, 1), 1f)) {
            float p = o.step(2f, -3f);
            assertEquals(2.0 / 3, p, 1e-6);
            assertEquals(4.5f, o.state("h2_avg"));
            assertEquals(2f, o.state("tau"));
        }
    }

    @Test
    void miniBatchCorrectionUsesThePerExampleSquares() {
        // n = 4, grad_sq = 3, g = 1, no slow start: ḡ = 0.5, v̄ = 1.5, r = 0.25/(1.5/4 + 0.25·3/4) = 4/9,
        // τ = (5/9)·2 + 1 = 19/9, η = r/h̄ with h̄ = 1/2 (curvature 1): p = 1 - 8/9 (to 1e-6 relative).
        try (One o = One.of(Vsgd.defaults().withSlowStart(0, 1).withBatchSize(4), 1f)) {
            o.set("grad_sq", 3f);
            float p = o.step(1f, 1f);
            assertEquals(1 - 8.0 / 9, p, 1e-6);
            assertEquals(19.0 / 9, o.state("tau"), 1e-6);
        }
    }

    @Test
    void anOutlierLengthensTheMemory() {
        // ḡ = 0, v̄ = 1 set by hand, τ = 2; g = 3 is an outlier at level 1 ((3 - 0)² > 1·(1 - 0)), so
        // τ = 3 first: f = 1/3, ḡ = 1, v̄ = 2/3 + 3 = 11/3, r = 3/11, τ = (8/11)·3 + 1 = 35/11 (1e-6).
        try (One o = One.of(Vsgd.defaults().withSlowStart(0, 1).withOutlierLevel(1), 1f)) {
            o.set("v_avg", 1f);
            o.step(3f, 1f);
            assertEquals(1f, o.state("g_avg"), 1e-6f);
            assertEquals(35.0 / 11, o.state("tau"), 1e-6);
        }
    }

    @Test
    void stateAndHyperParameters() {
        assertEquals(List.of("g_avg", "v_avg", "h_avg", "tau", "curvature"),
                Vsgd.defaults().state().stream().map(StateSpec::name).toList());
        assertEquals(List.of("g_avg", "v_avg", "h_avg", "tau", "curvature", "grad_sq", "h2_avg", "curvature_sq"),
                Vsgd.defaults().withBatchSize(8).withVariant(VsgdCurvature.FINITE_DIFFERENCE).state().stream()
                        .map(StateSpec::name).toList());
        Vsgd v = (Vsgd) OptimizerSpecs.fromHyper("vsgd", Map.of("variant", "fd", "slow_start_samples", 3,
                "slow_start_factor", 5.0, "batch_size", 2, "outlier_level", 1.5, "eps", 1e-6, "lr", 0.5));
        assertEquals(new Vsgd(0.5, VsgdCurvature.FINITE_DIFFERENCE, 3, 5, 2, 1.5, 1e-6), v);
        assertTrue(v.momentumLike().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> v.withMomentum(0.9));
        for (var bad : List.<Map<String, Object>>of(Map.of("slow_start_samples", -1), Map.of("slow_start_samples", 1.5),
                Map.of("slow_start_factor", 0.5), Map.of("batch_size", 0), Map.of("eps", 0), Map.of("lr", 0),
                Map.of("outlier_level", -1), Map.of("variant", "bbprop"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> OptimizerSpecs.fromHyper("vsgd", bad));
            String key = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }
}

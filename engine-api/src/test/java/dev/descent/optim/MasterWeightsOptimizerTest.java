package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.HalfFloats;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Optimizer.Builder#masterWeights}: what it refuses (a low-precision parameter without it, a
 * float64 one with it, a gradient of another dtype), the {@code master_param} state it keeps (started
 * from the parameter, reset to it, none for float32 parameters), a checkpoint that continues a
 * master-weight run bit for bit, non-finite low-precision gradients, and clipping on them. Exact
 * comparisons: widening is exact and the steps are deterministic.
 */
class MasterWeightsOptimizerTest {

    private final Backend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    private Tensor half(String name, DType dtype, float... values) {
        Tensor t = backend.allocate(name, dtype, values.length);
        t.copyFrom(values);
        return t;
    }

    @Test
    void aLowPrecisionParameterNeedsMasterWeights() {
        Tensor w = half("w", DType.BFLOAT16, 1, 2);
        Tensor dw = half("dw", DType.BFLOAT16, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.of(backend, Sgd.defaults(), new Parameter(w, dw)));
        assertEquals("parameter 'w' is bfloat16: an optimizer steps bfloat16 and float16 parameters through float32"
                + " master weights; build it with masterWeights(true)", e.getMessage());
    }

    @Test
    void masterWeightsRefuseFloat64Parameters() {
        Tensor w = backend.fromArray("w", new double[] {1, 2});
        Tensor dw = backend.fromArray("dw", new double[] {0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.builder(backend)
                .group(ParamGroup.of(Sgd.defaults(), new Parameter(w, dw))).masterWeights(true).build());
        assertEquals("parameter 'w' is float64: master weights are for bfloat16 and float16 parameters (float32 ones"
                + " are their own)", e.getMessage());
    }

    @Test
    void aGradientHasItsParametersDtype() {
        Tensor w = half("w", DType.FLOAT16, 1, 2);
        Tensor dw = backend.fromArray("dw", new float[] {0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.builder(backend)
                .group(ParamGroup.of(Sgd.defaults(), new Parameter(w, dw))).masterWeights(true).build());
        assertEquals("gradient 'dw' is float32 but its parameter 'w' is float16: a gradient has its parameter's dtype",
                e.getMessage());
        Tensor bf = half("dw", DType.BFLOAT16, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> Optimizer.builder(backend)
                .group(ParamGroup.of(Sgd.defaults(), new Parameter(w, bf))).masterWeights(true).build());
    }

    @Test
    void kernelsRefuseALowPrecisionParameterWithoutItsMaster() {
        Tensor w = half("w", DType.BFLOAT16, 1, 2);
        Tensor dw = half("dw", DType.BFLOAT16, 0, 0);
        Tensor m = backend.allocate("w.exp_avg", DType.FLOAT32, 2);
        Tensor v = backend.allocate("w.exp_avg_sq", DType.FLOAT32, 2);
        AdamCoefficients c = AdamCoefficients.class.cast(recordedCoefficients(Adam.defaults()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.optimizerKernels()
                .step(c, List.of(new ParameterSlots(w, dw, Map.of("exp_avg", m, "exp_avg_sq", v)))));
        assertEquals("parameter 'w' is bfloat16: optimizer kernels update it through a float32 state 'master_param',"
                + " which it lacks (build the optimizer with masterWeights(true))", e.getMessage());
        assertArrayEquals(new float[] {1, 2}, w.toFloatArray(), "nothing changed");
    }

    private static Object recordedCoefficients(OptimizerSpec spec) {
        Object[] out = new Object[1];
        spec.step(new StepContext(dev.descent.backend.OptimizerKernels.recording(c -> out[0] = c), 1, 1.0,
                new GroupState()), List.of());
        return out[0];
    }

    @Test
    void theMasterStartsAsTheParameterAndFloat32ParametersKeepNone() {
        Tensor w = half("w", DType.BFLOAT16, 1.00390625f, -3);
        Tensor dw = half("dw", DType.BFLOAT16, 0, 0);
        Tensor b = backend.fromArray("b", new float[] {0.1f});
        Tensor db = backend.fromArray("db", new float[] {0});
        try (Optimizer opt = Optimizer.builder(backend).masterWeights(true)
                .group(ParamGroup.of(Adam.defaults(), new Parameter(w, dw), new Parameter(b, db))).build()) {
            assertEquals(List.of("exp_avg", "exp_avg_sq", "master_param"), List.copyOf(opt.state(w).keySet()));
            assertArrayEquals(new float[] {1, -3}, opt.state(w).get("master_param").toFloatArray(), "bfloat16 1 + 2^-8 is 1");
            assertFalse(opt.state(b).containsKey("master_param"));
            dw.copyFrom(new float[] {1, -1});
            db.copyFrom(new float[] {1});
            opt.step();
            float[] master = opt.state(w).get("master_param").toFloatArray();
            assertEquals(1 - 1e-3f, master[0], 1e-7f, "Adam's first step moves by lr");
            assertEquals(HalfFloats.fromBfloat16(HalfFloats.toBfloat16(master[0])), w.toFloatArray()[0], 0f);
            w.copyFrom(new float[] {5, 6});
            opt.reset();
            assertArrayEquals(new float[] {5, 6}, opt.state(w).get("master_param").toFloatArray(), "reset re-reads the parameter");
        }
    }

    @Test
    void aCheckpointContinuesAMasterWeightRunBitForBit() {
        Path file = dir.resolve("mixed.ckpt");
        OptimizerSpec spec = OptimizerSpecs.fromHyper("adamw", Map.of("lr", 0.01, "weight_decay", 0.1));
        SplittableRandom random = new SplittableRandom(7);
        float[] w0 = gaussians(random, 300);
        try (Tensor w = half("w", DType.FLOAT16, w0); Tensor dw = backend.allocate("dw", DType.FLOAT16, 300);
                Tensor w2 = half("w", DType.FLOAT16, new float[300]); Tensor dw2 = backend.allocate("dw", DType.FLOAT16, 300);
                Optimizer straight = Optimizer.builder(backend).masterWeights(true)
                        .group(ParamGroup.of(spec, new Parameter(w, dw))).build();
                Optimizer resumed = Optimizer.builder(backend).masterWeights(true)
                        .group(ParamGroup.of(spec, new Parameter(w2, dw2))).build()) {
            for (int t = 0; t < 3; t++) {
                dw.copyFrom(gaussians(random, 300));
                straight.step();
            }
            OptimizerCheckpoint.writer(straight).weight("w", w).write(file);
            OptimizerCheckpoint cp = OptimizerCheckpoint.read(file);
            cp.copyWeight("w", w2);
            cp.restore(resumed, HyperPolicy.REJECT);
            for (int t = 0; t < 4; t++) {
                float[] g = gaussians(random, 300);
                dw.copyFrom(g);
                dw2.copyFrom(g);
                straight.step();
                resumed.step();
            }
            assertArrayEquals(w.toFloatArray(), w2.toFloatArray());
            for (String s : List.of("exp_avg", "exp_avg_sq", "master_param")) {
                assertArrayEquals(straight.state(w).get(s).toFloatArray(), resumed.state(w2).get(s).toFloatArray(), s);
            }
            assertEquals(7, resumed.stepCount());
        }
    }

    @Test
    void aNonFiniteLowPrecisionGradientIsFoundAndChangesNothing() {
        Tensor w = half("w", DType.FLOAT16, 1, 2, 3);
        Tensor dw = half("dw", DType.FLOAT16, 0.5f, 1e6f, 0); // 1e6 overflows float16 to Infinity
        try (Optimizer opt = Optimizer.builder(backend).masterWeights(true)
                .group(ParamGroup.of(Sgd.defaults(), new Parameter(w, dw))).build();
                Optimizer skipping = Optimizer.builder(backend).masterWeights(true).skipNonFinite(true)
                        .group(ParamGroup.of(Sgd.defaults(), new Parameter(w, dw))).build()) {
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, opt::step);
            assertTrue(e.getMessage().startsWith("gradient 'dw' holds NaN or Infinity at step 1"), e.getMessage());
            assertFalse(skipping.step());
            assertEquals(1, skipping.skippedSteps());
            assertArrayEquals(new float[] {1, 2, 3}, w.toFloatArray());
            assertArrayEquals(new float[] {1, 2, 3}, skipping.state(w).get("master_param").toFloatArray());
        }
    }

    /**
     * float16 with loss scaling, the usual pairing: the scaled float16 gradient is widened and unscaled
     * in the step (the master moves as by the true gradient), and a gradient the scale overflowed to
     * Infinity in float16 skips the step and halves the scale. Exact: scales are powers of two.
     */
    @Test
    void float16WithLossScalingUnscalesTheWidenedGradientAndSkipsAnOverflow() {
        Tensor w = half("w", DType.FLOAT16, 1, 2);
        Tensor dw = backend.allocate("dw", DType.FLOAT16, 2);
        GradScaler scaler = GradScaler.dynamic(1024f, 2.0, 0.5, 2000);
        try (Optimizer opt = Optimizer.builder(backend).masterWeights(true).gradScaler(scaler)
                .group(ParamGroup.of(OptimizerSpecs.fromHyper("sgd", Map.of("lr", 0.5)), new Parameter(w, dw))).build()) {
            dw.copyFrom(new float[] {0.25f * 1024, -0.5f * 1024}); // the gradient of the scaled loss
            assertTrue(opt.step());
            assertArrayEquals(new float[] {1 - 0.125f, 2 + 0.25f}, opt.state(w).get("master_param").toFloatArray());
            assertArrayEquals(new float[] {0.875f, 2.25f}, w.toFloatArray());
            dw.copyFrom(new float[] {70000f, 1}); // past float16's 65504: Infinity
            assertFalse(opt.step());
            assertEquals(512f, scaler.scale());
            assertArrayEquals(new float[] {0.875f, 2.25f}, opt.state(w).get("master_param").toFloatArray(), "skipped");
        }
    }

    @Test
    void clippingTakesTheNormOfTheWidenedGradients() {
        Tensor w = half("w", DType.BFLOAT16, 1, 2);
        Tensor dw = half("dw", DType.BFLOAT16, 3, 4);
        try (Optimizer opt = Optimizer.builder(backend).masterWeights(true).clipGradNorm(1)
                .group(ParamGroup.of(OptimizerSpecs.fromHyper("sgd", Map.of("lr", 0.5)), new Parameter(w, dw))).build()) {
            opt.step();
            assertEquals(5, opt.lastGradNorm(), 0);
            // clip coefficient 1 / (5 + 1e-6), as torch's clip_grad_norm_: p = p - 0.5 · g / 5
            float[] master = opt.state(w).get("master_param").toFloatArray();
            assertEquals(1 - 0.3f, master[0], 1e-6f);
            assertEquals(2 - 0.4f, master[1], 1e-6f);
        }
    }

    private static float[] gaussians(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}

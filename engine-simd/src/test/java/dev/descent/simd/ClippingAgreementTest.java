package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NormType;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.Sgd;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient clipping on the SIMD backend against the reference: every kernel applies a given clip bit
 * for bit as the reference does (the clip is one clamp and one float32 multiply before the kernel's
 * own operations, no FMA); the norm pass agrees within the rounding bound of its sum (a maximum is
 * exact); and a whole optimizer clipping by norm inside its step matches the reference's.
 */
class ClippingAgreementTest {

    private static final long[] SIZES = {0, 1, 7, 17, 1000, 4099, 10007};
    /** For the norm pass: 200003 elements in one tensor run on the pool, in blocks. */
    private static final long[] LARGE = {0, 1, 7, 17, 1000, 4099, 200003};
    private static final int STEPS = 6;
    private static final List<GradientClip> CLIPS = List.of(GradientClip.scaledBy(0.37f), GradientClip.clampedTo(0.05f),
            new GradientClip(0.6f, 0.08f), GradientClip.scaledBy(0f),
            // loss scaling: GradScaler's power-of-two inverse, with a clip, a non-power-of-two one, one above 1
            GradientClip.NONE.unscaledBy(0x1p-16f), new GradientClip(0.6f, 0.08f, 0x1p-7f),
            GradientClip.scaledBy(0.37f).unscaledBy(1f / 3000f), GradientClip.NONE.unscaledBy(8f));

    /** Two threads, so that the large tensors run on the pool as well. */
    private static final Backend SIMD = new SimdBackend(2);
    private static final Backend REFERENCE = new ReferenceBackend();

    static Stream<HyperCase> settings() {
        return HyperCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everyKernelClipsBitForBitAsTheReference(HyperCase c) {
        OptimizerSpec spec = c.spec();
        for (GradientClip clip : CLIPS) {
            try (OptimizerRun reference = new OptimizerRun(REFERENCE, spec, SIZES, 42);
                    OptimizerRun simd = new OptimizerRun(SIMD, spec, SIZES, 42)) {
                Random random = new Random(7);
                for (int t = 1; t <= STEPS; t++) {
                    float[][] gradients = OptimizerRun.gradients(random, SIZES);
                    double loss = random.nextDouble();
                    reference.stepClipped(gradients, loss, clip);
                    simd.stepClipped(gradients, loss, clip);
                    simd.assertBitwiseEqual(reference, spec + " " + clip + ", step " + t);
                }
            }
        }
    }

    /**
     * The 2-norm sums the squares (exact in double) in another order than the reference's left-to-right
     * sum: each result is within {@code γₙ·Σgᵢ²} of the exact sum of {@code n} positive terms, so the
     * two norms are within {@code γₙ + 2u} relative (the two roots' roundings); the maximum is exact.
     * NaN and ±Infinity anywhere give NaN or +∞ on both.
     */
    @Test
    void theNormPassAgreesWithTheReference() {
        Backend ref = REFERENCE;
        Backend simd = SIMD;
        Random random = new Random(3);
        float[][] gradients = OptimizerRun.gradients(random, LARGE);
        long n = 0;
        for (long size : LARGE) {
            n += size;
        }
        double gamma = n * 0x1p-53 / (1 - n * 0x1p-53);
        try (Group r = new Group(ref, gradients); Group s = new Group(simd, gradients)) {
            double expected = ref.optimizerKernels().gradientNorm(NormType.TWO, r.slots);
            double actual = simd.optimizerKernels().gradientNorm(NormType.TWO, s.slots);
            assertEquals(expected, actual, (gamma + 0x1p-52) * expected);
            assertEquals(ref.optimizerKernels().gradientNorm(NormType.INFINITY, r.slots),
                    simd.optimizerKernels().gradientNorm(NormType.INFINITY, s.slots));
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] g = gradients[5].clone();
                g[random.nextInt(g.length)] = bad;
                r.grads.get(5).copyFrom(g);
                s.grads.get(5).copyFrom(g);
                for (NormType type : NormType.values()) {
                    double onRef = ref.optimizerKernels().gradientNorm(type, r.slots);
                    double onSimd = simd.optimizerKernels().gradientNorm(type, s.slots);
                    assertTrue(!Double.isFinite(onRef) && !Double.isFinite(onSimd), type + " with " + bad);
                    assertEquals(Double.isNaN(onRef), Double.isNaN(onSimd), type + " with " + bad);
                }
            }
        }
    }

    /**
     * The whole step: the norms agree within the bound above (about 1e-11 relative here), far below
     * float32's resolution, so both backends round the coefficient to the same float (checked) and
     * then agree bit for bit, as the kernels do.
     */
    @Test
    void anOptimizerClippingByNormAgreesWithTheReference() {
        for (OptimizerSpec spec : List.of(Adam.defaults(), Sgd.defaults().withMomentum(0.9))) {
            for (GradientClipping clipping : List.of(GradientClipping.norm(0.5),
                    GradientClipping.norm(0.01, Double.POSITIVE_INFINITY, true), GradientClipping.value(0.02))) {
                try (OptimizerRun reference = new OptimizerRun(REFERENCE, spec, SIZES, 42, clipping);
                        OptimizerRun simd = new OptimizerRun(SIMD, spec, SIZES, 42, clipping)) {
                    Random random = new Random(11);
                    for (int t = 1; t <= STEPS; t++) {
                        float[][] gradients = OptimizerRun.gradients(random, SIZES);
                        reference.step(gradients, 1.0);
                        simd.step(gradients, 1.0);
                        if (clipping instanceof GradientClipping.Norm norm) {
                            double expected = reference.optimizer().lastGradNorm();
                            double actual = simd.optimizer().lastGradNorm();
                            assertEquals(expected, actual, 1e-10 * expected, spec + " " + clipping);
                            assertEquals((float) norm.scale(expected), (float) norm.scale(actual), "the coefficients round alike");
                        }
                        simd.assertBitwiseEqual(reference, spec + " " + clipping + ", step " + t);
                    }
                }
            }
        }
    }

    /** One group of gradients (and their parameters) on a backend. */
    private static final class Group implements AutoCloseable {
        final List<Tensor> grads = new ArrayList<>();
        final List<Tensor> params = new ArrayList<>();
        final List<ParameterSlots> slots = new ArrayList<>();

        Group(Backend backend, float[][] gradients) {
            for (int k = 0; k < gradients.length; k++) {
                Tensor g = backend.fromArray("g" + k, gradients[k]);
                Tensor p = backend.fromArray("p" + k, new float[gradients[k].length]);
                grads.add(g);
                params.add(p);
                slots.add(new ParameterSlots(p, g, Map.of()));
            }
        }

        @Override
        public void close() {
            grads.forEach(Tensor::close);
            params.forEach(Tensor::close);
        }
    }
}

package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.backend.Backend;
import dev.descent.optim.GradScaler;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mixed precision with dynamic loss scaling on every non-reference backend against the reference: an
 * optimizer with float32 master weights and a {@link GradScaler} steps bfloat16, float16 and float32
 * parameters whose gradients are a loss's scaled by the scaler (rounded to the parameters' dtype, so
 * large ones overflow float16), with NaN and ±Infinity injected at two steps. After every step the
 * parameters, every state tensor ({@code master_param} included), the scale, the growth tracker and
 * the applied and skipped steps must equal the reference's. Tolerance: none, bit for bit — the unscale
 * is one float32 multiply in each backend's shared effective-gradient code, and the skip decision and
 * the scale's update are the optimizer's, on the host.
 */
class LossScalingAgreementTest {

    private static final int[] SIZES = {17, 4099, 3};
    private static final int STEPS = 9;

    static Stream<Arguments> cases() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> Stream.of(DType.BFLOAT16, DType.FLOAT16, DType.FLOAT32)
                .flatMap(d -> HyperCases.all().stream().filter(c -> !c.optimizer().startsWith("vsgd"))
                        .map(c -> Arguments.of(b, d, c))));
    }

    /** One optimizer with its parameters, gradients and scaler on one backend. */
    private static final class Run implements AutoCloseable {
        final List<Tensor> tensors = new ArrayList<>();
        final List<Parameter> params = new ArrayList<>();
        final GradScaler scaler = GradScaler.dynamic(0x1p14f, 2.0, 0.5, 3); // grows within the run
        final Optimizer opt;

        Run(Backend backend, OptimizerSpec spec, DType dtype) {
            SplittableRandom random = new SplittableRandom(5);
            for (int k = 0; k < SIZES.length; k++) {
                float[] w = new float[SIZES[k]];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) random.nextDouble(-1, 1);
                }
                Tensor p = keep(backend.allocate("w" + k, dtype, w.length));
                p.copyFrom(w);
                params.add(new Parameter(p, keep(backend.allocate("dw" + k, dtype, w.length))));
            }
            opt = Optimizer.builder(backend).group(ParamGroup.of(spec, params)).masterWeights(dtype.isLowPrecision())
                    .gradScaler(scaler).build();
        }

        private Tensor keep(Tensor t) {
            tensors.add(t);
            return t;
        }

        /** {@code grads} times the current scale, rounded into the gradients; then the step. */
        boolean step(List<float[]> grads, double loss) {
            for (int k = 0; k < params.size(); k++) {
                float[] g = grads.get(k).clone();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scaler.scale();
                }
                params.get(k).grad().copyFrom(g);
            }
            return opt.step(loss);
        }

        @Override
        public void close() {
            opt.close();
            tensors.forEach(Tensor::close);
        }
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("cases")
    void equalsTheReferenceBitForBit(String backendName, DType dtype, HyperCase c) {
        Backend backend = BackendsUnderTest.require(backendName);
        OptimizerSpec spec = OptimizerSpecs.fromHyper(c.optimizer(), c.hyper());
        try (Run ours = new Run(backend, spec, dtype); Run theirs = new Run(BackendsUnderTest.reference(), spec, dtype)) {
            SplittableRandom random = new SplittableRandom(9);
            for (int t = 1; t <= STEPS; t++) {
                List<float[]> grads = new ArrayList<>();
                for (int n : SIZES) {
                    float[] g = new float[n];
                    for (int i = 0; i < n; i++) {
                        g[i] = (float) (Math.scalb(random.nextGaussian(), -random.nextInt(30))); // 2^-30 … 1: some underflow
                    }
                    grads.add(g);
                }
                if (t == 3) {
                    grads.get(1)[77] = Float.POSITIVE_INFINITY;
                } else if (t == 7) {
                    grads.get(2)[0] = Float.NaN;
                }
                double loss = random.nextDouble();
                String at = backendName + " " + dtype.label() + " " + c + ", step " + t;
                assertEquals(theirs.step(grads, loss), ours.step(grads, loss), at + ": applied");
                assertEquals(theirs.scaler.scale(), ours.scaler.scale(), at + ": the scale");
                assertEquals(theirs.scaler.growthTracker(), ours.scaler.growthTracker(), at + ": the growth tracker");
                assertEquals(theirs.opt.skippedSteps(), ours.opt.skippedSteps(), at + ": skipped steps");
                for (int k = 0; k < SIZES.length; k++) {
                    String which = at + ": parameter " + k;
                    Tensor expected = theirs.params.get(k).param();
                    Tensor actual = ours.params.get(k).param();
                    assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), which);
                    Map<String, Tensor> state = ours.opt.state(actual);
                    theirs.opt.state(expected).forEach((name, s) -> assertArrayEquals(s.toFloatArray(),
                            state.get(name).toFloatArray(), which + ", " + name));
                }
            }
        }
    }
}

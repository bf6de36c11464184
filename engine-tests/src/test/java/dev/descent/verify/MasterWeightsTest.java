package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.HalfFloats;
import dev.descent.tensor.Tensor;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import dev.descent.testing.StateInputs;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every backend, for every optimizer and hyper-parameter case: a master-weight step of a bfloat16
 * or float16 parameter is the plain float32 optimizer's step on the same values. A float32 optimizer
 * started from the widened parameter and given the widened gradients every step must hold, after
 * every step, the master's bits in its parameter and the same bits in every state tensor, and the
 * low-precision parameter must be the master rounded to nearest even. Exact comparisons: the widening
 * is exact and the step is the same float32 arithmetic.
 */
class MasterWeightsTest {

    private static final int SIZE = 5003; // past one master-weight block of 4096
    private static final int STEPS = 8;

    static Stream<Arguments> cases() {
        return BackendsUnderTest.names().flatMap(b -> Stream.of(DType.BFLOAT16, DType.FLOAT16)
                .flatMap(d -> HyperCases.all().stream().map(hc -> Arguments.of(b, d, hc))));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("cases")
    void theMasterStepIsTheFloat32Step(String name, DType dtype, HyperCase hc) {
        Backend backend = BackendsUnderTest.require(name);
        OptimizerSpec spec = OptimizerSpecs.fromHyper(hc.optimizer(), hc.hyper());
        SplittableRandom random = new SplittableRandom(hc.hashCode() + dtype.ordinal());
        try (Tensor p = backend.allocate("p", dtype, SIZE); Tensor g = backend.allocate("g", dtype, SIZE);
                Tensor p32 = backend.allocate("p32", DType.FLOAT32, SIZE);
                Tensor g32 = backend.allocate("g32", DType.FLOAT32, SIZE)) {
            p.copyFrom(gaussians(random, 1));
            p32.copyFrom(p.toFloatArray()); // widened exactly
            try (Optimizer mixed = Optimizer.builder(backend).group(ParamGroup.of(spec, new Parameter(p, g)))
                            .masterWeights(true).build();
                    Optimizer plain = Optimizer.of(backend, spec, new Parameter(p32, g32))) {
                assertArrayEquals(p32.toFloatArray(), mixed.state(p).get(ParameterSlots.MASTER_PARAM).toFloatArray(),
                        "the master starts as the parameter");
                for (int t = 0; t < STEPS; t++) {
                    g.copyFrom(gaussians(random, 0.5));
                    g32.copyFrom(g.toFloatArray());
                    for (String input : StateInputs.names(spec)) {
                        float[] v = StateInputs.values(input, 1000L * t, SIZE);
                        mixed.state(p).get(input).copyFrom(v);
                        plain.state(p32).get(input).copyFrom(v);
                    }
                    double loss = random.nextDouble();
                    mixed.step(loss);
                    plain.step(loss);
                    Map<String, Tensor> state = mixed.state(p);
                    float[] master = state.get(ParameterSlots.MASTER_PARAM).toFloatArray();
                    assertBits(p32.toFloatArray(), master, "step " + (t + 1) + " master_param");
                    for (Map.Entry<String, Tensor> e : plain.state(p32).entrySet()) {
                        assertBits(e.getValue().toFloatArray(), state.get(e.getKey()).toFloatArray(),
                                "step " + (t + 1) + " " + e.getKey());
                    }
                    float[] rounded = new float[SIZE];
                    for (int i = 0; i < SIZE; i++) {
                        rounded[i] = HalfFloats.widen(dtype, HalfFloats.narrow(dtype, master[i]));
                    }
                    assertBits(rounded, p.toFloatArray(), "step " + (t + 1) + " the parameter is the master rounded");
                }
                assertEquals(STEPS, mixed.stepCount());
            }
        }
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                assertEquals(expected[i], actual[i], what + "[" + i + "]");
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + "[" + i + "] bits");
            }
        }
    }

    private static float[] gaussians(SplittableRandom random, double scale) {
        float[] v = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            v[i] = random.nextInt(10) == 0 ? 0f : (float) (scale * random.nextGaussian());
        }
        return v;
    }
}

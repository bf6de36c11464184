package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Optimizer#resume} with the state tensors and group scalars of a run copied into a fresh
 * optimizer continues that run bit for bit: the same steps, the same parameters (every rule that
 * depends on the step count — Adam's bias corrections, Adagrad's lr_decay, NAdam's μ product — or on
 * group state — SGD's first momentum buffer).
 */
class OptimizerResumeTest {
    private static final int FIRST = 4;
    private static final int THEN = 3;

    private final Backend backend = new ReferenceBackend();

    private static float[] gradient(int step) {
        return new float[] {0.5f - step * 0.1f, -0.25f + step * 0.07f, (step % 2 == 0 ? 1 : -1) * 0.3f};
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "adagrad", "nadam", "rmsprop", "rprop", "adamax", "adadelta"})
    void aResumedRunEqualsTheUninterruptedOne(String name) {
        Map<String, Object> hyper = switch (name) {
            case "sgd" -> Map.of("lr", 0.1, "momentum", 0.9, "dampening", 0.2);
            case "adagrad" -> Map.of("lr", 0.1, "lr_decay", 0.05);
            case "rmsprop" -> Map.of("lr", 0.01, "momentum", 0.5, "centered", true);
            default -> Map.of("lr", 0.01);
        };
        OptimizerSpec spec = OptimizerSpecs.fromHyper(name, hyper);
        float[] straight = new float[3];
        float[] resumed = new float[3];
        try (Tensor w = backend.fromArray("w", new float[] {1, -2, 0.5f});
                Tensor g = backend.fromArray("g", new float[3]);
                Optimizer opt = Optimizer.of(backend, spec, new Parameter(w, g));
                Tensor w2 = backend.fromArray("w", new float[3]);
                Tensor g2 = backend.fromArray("g", new float[3]);
                Optimizer fresh = Optimizer.of(backend, spec, new Parameter(w2, g2))) {
            for (int t = 0; t < FIRST; t++) {
                g.copyFrom(gradient(t));
                opt.step();
            }
            float[] at = new float[3];
            w.copyTo(at);
            w2.copyFrom(at);
            for (Map.Entry<String, Tensor> e : opt.state(w).entrySet()) {
                float[] v = new float[3];
                e.getValue().copyTo(v);
                fresh.state(w2).get(e.getKey()).copyFrom(v);
            }
            fresh.resume(FIRST);
            opt.groupState(0).forEach((k, v) -> fresh.putGroupState(0, k, v));
            for (int t = FIRST; t < FIRST + THEN; t++) {
                g.copyFrom(gradient(t));
                opt.step();
                g2.copyFrom(gradient(t));
                fresh.step();
            }
            w.copyTo(straight);
            w2.copyTo(resumed);
            assertEquals(FIRST + THEN, fresh.stepCount());
        }
        assertArrayEquals(straight, resumed, 0f, name);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void negativeStepCountsAreRejected(long steps) {
        try (Tensor w = backend.fromArray("w", new float[] {1});
                Tensor g = backend.fromArray("g", new float[1]);
                Optimizer opt = Optimizer.of(backend, Sgd.defaults(), new Parameter(w, g))) {
            assertThrows(IllegalArgumentException.class, () -> opt.resume(steps));
        }
    }
}

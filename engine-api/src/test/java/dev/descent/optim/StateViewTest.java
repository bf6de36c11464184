package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link Optimizer#state}: a read-only map whose refusals say why, over tensors that can be written. */
class StateViewTest {

    private final Backend backend = new ReferenceBackend();

    @Test
    void changingTheMapIsRefusedSayingWhyAndWhatToDoInstead() {
        Tensor w = backend.fromArray("w", new float[] {1, 2});
        Tensor dw = backend.fromArray("dw", new float[] {1, 1});
        Tensor other = backend.fromArray("other", new float[] {0, 0});
        try (Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(w, dw))) {
            Map<String, Tensor> state = opt.state(w);
            List<Executable> changes = List.of(() -> state.put("exp_avg", other), () -> state.remove("exp_avg"),
                    state::clear, () -> state.putAll(Map.of("x", other)), () -> state.putIfAbsent("x", other),
                    () -> state.computeIfAbsent("x", k -> other), () -> state.merge("exp_avg", other, (a, b) -> b),
                    () -> state.replaceAll((k, v) -> other), () -> state.replace("exp_avg", other));
            for (Executable change : changes) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, change);
                assertTrue(e.getMessage() != null && e.getMessage().startsWith("the optimizer state of 'w' is read-only")
                        && e.getMessage().contains("write into the state tensors"), e.getMessage());
            }
            assertEquals(List.of("exp_avg", "exp_avg_sq"), List.copyOf(state.keySet()), "unchanged, in order");
            state.get("exp_avg").copyFrom(new float[] {5, 6});
            assertArrayEquals(new float[] {5, 6}, opt.state(w).get("exp_avg").toFloatArray(), "the tensors are live");
        }
    }
}

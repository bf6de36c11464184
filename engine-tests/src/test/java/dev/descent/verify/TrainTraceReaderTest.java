package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrainTraceReader}: a shipped trace read into flat vectors in state_dict order, and each way a
 * file can fail to fit its network or optimizer named in one line with the file.
 */
class TrainTraceReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path shipped(String name) throws Exception {
        return Path.of(TrainTraceReaderTest.class.getResource("/traces/train/" + name).toURI());
    }

    @Test
    void readsAResumedTraceInStateDictOrder() throws Exception {
        TrainTrace t = TrainTraceReader.read(shipped("resume-sgd-momentum.json"));
        ObjectNode raw = (ObjectNode) JSON.readTree(shipped("resume-sgd-momentum.json").toFile());
        assertArrayEquals(new int[] {3, 5, 2}, t.spec().layers());
        assertNull(t.classes());
        assertNotNull(t.targets());
        assertEquals(5 * 3 + 5 + 2 * 5 + 2, t.params0().length);
        // 2.weight starts after 0.weight (15) and 0.bias (5): element 0 of it is flat element 20.
        assertEquals((float) raw.get("params0").get("2.weight").get("values").get(0).asDouble(), t.params0()[20]);
        assertEquals(10, t.state0().step());
        assertEquals((float) raw.get("state0").get("state").get("0.bias").get("momentum_buffer").get(1).asDouble(),
                t.state0().tensors().get("momentum_buffer")[16]);
        assertEquals(t.batches().size(), t.losses().length);
        assertEquals(t.steps(), t.batches().size());
        assertTrue(TraceReader.readAny(shipped("resume-sgd-momentum.json")) instanceof TrainTrace);
    }

    /** The shipped trace {@code name} changed by {@code damage}, written to a file. */
    private Path write(String name, Consumer<ObjectNode> damage) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(shipped(name).toFile());
        damage.accept(root);
        Path f = dir.resolve("changed.json");
        JSON.writeValue(f.toFile(), root);
        return f;
    }

    /** The one-line problem (after the file's name) of {@code name} damaged by {@code damage}. */
    private String problem(String name, Consumer<ObjectNode> damage) throws Exception {
        Path f = write(name, damage);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TrainTraceReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    private void rejected(String name, Consumer<ObjectNode> damage, String expected) throws Exception {
        assertEquals(expected, problem(name, damage));
    }

    @Test
    void namesAndShapesThatDoNotFitTheNetworkAreNamed() throws Exception {
        String sgd = "mlp-sgd-tanh-ce.json";
        rejected(sgd, r -> ((ObjectNode) r.get("params0")).remove("2.bias"),
                "params0 has no '2.bias' (the network's parameters: 0.weight, 0.bias, 2.weight, 2.bias)");
        rejected(sgd, r -> ((ObjectNode) r.get("params")).set("4.weight", JSON.createArrayNode()),
                "params['4.weight'] is not a parameter of the network (0.weight, 0.bias, 2.weight, 2.bias)");
        rejected(sgd, r -> ((ArrayNode) r.get("params0").get("0.bias").get("shape")).set(0, 9),
                "params0['0.bias'].shape is [9], the network's is [8]");
        rejected(sgd, r -> ((ArrayNode) r.get("params").get("0.bias")).remove(0),
                "params['0.bias'] must be a list of 8 numbers, got 7");
        rejected(sgd, r -> ((ObjectNode) r.get("model")).put("activation", "gelu"),
                "model: unknown activation 'gelu'; expected tanh, relu, sigmoid or identity");
        rejected(sgd, r -> ((ArrayNode) r.get("data").get("x").get(3)).remove(0),
                "data.x[3] must be a list of 4 numbers, got 3");
    }

    @Test
    void labelsBatchesLossesAndTolerancesAreChecked() throws Exception {
        String sgd = "mlp-sgd-tanh-ce.json";
        rejected(sgd, r -> ((ArrayNode) r.get("data").get("y")).set(2, 3), "data.y[2] must be an integer 0 … 2, got 3");
        rejected(sgd, r -> ((ArrayNode) r.get("batches").get(1)).set(0, 40),
                "batches[1][0] must be an integer 0 … 39, got 40");
        rejected(sgd, r -> ((ArrayNode) r.get("losses")).remove(0), "losses must list one number per batch (25)");
        rejected(sgd, r -> ((ObjectNode) r.get("tolerance")).remove("loss_rtol"),
                "tolerance.loss_rtol must be a finite number ≥ 0, got null");
        rejected(sgd, r -> r.put("format", "descent-trace/1"),
                "format is 'descent-trace/1', expected 'descent-train-trace/1'");
        String hyper = problem(sgd, r -> ((ObjectNode) r.get("hyper")).put("foo", 1));
        assertTrue(hyper.contains("foo"), hyper);
    }

    @Test
    void resumedStateMustNameTheOptimizersSlots() throws Exception {
        String adam = "resume-adam.json";
        String slot = problem(adam, r -> {
            ObjectNode state = (ObjectNode) r.get("state0").get("state");
            state.fieldNames().forEachRemaining(n -> ((ObjectNode) state.get(n)).set("momentum_buffer",
                    state.get(n).get("exp_avg")));
        });
        assertTrue(slot.startsWith("state0: 'momentum_buffer' is not a state of adam (")
                && slot.endsWith("; its states: exp_avg, exp_avg_sq"), slot);
        rejected(adam, r -> ((ObjectNode) r.get("state0").get("state").get("2.bias")).remove("exp_avg"),
                "state0.state['2.bias'] holds [exp_avg_sq], '0.weight' holds [exp_avg, exp_avg_sq]; every parameter"
                        + " needs the same state");
        rejected(adam, r -> {
            ObjectNode state = (ObjectNode) r.get("state0").get("state");
            state.fieldNames().forEachRemaining(n -> ((ObjectNode) state.get(n)).put("step", 19));
        }, "state0: the parameters' step 19.0 is not state0.step 20");
        TrainTrace torchSteps = TrainTraceReader.read(write(adam, r -> {
            ObjectNode state = (ObjectNode) r.get("state0").get("state");
            state.fieldNames().forEachRemaining(n -> ((ObjectNode) state.get(n)).put("step", 20.0));
        }));
        assertEquals(20, torchSteps.state0().step());
        assertEquals(java.util.Set.of("exp_avg", "exp_avg_sq"), torchSteps.state0().tensors().keySet());
        rejected(adam, r -> ((ObjectNode) r.get("state0")).put("step", -1),
                "state0 must be {\"step\": steps taken ≥ 0, \"state\": {...}}");
    }
}

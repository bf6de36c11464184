package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.io.NamedTensor;
import dev.descent.io.RawTensor;
import dev.descent.io.Safetensors;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TorchOptimizerState} on files laid out as the snippet of {@code docs/checkpoints.md} writes
 * them: the state, the step count and the group scalars load by torch's positional names in the order
 * given; a parameter torch never stepped keeps its initial state; every mismatch names the file and
 * what differs and changes nothing. (The proof against torch itself: engine-tests, TorchStateResumeTest.)
 */
class TorchOptimizerStateTest {
    private final Backend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    private static final String ADAM_GROUPS = "[{\"lr\": 0.001, \"betas\": [0.9, 0.999], \"eps\": 1e-08,"
            + " \"weight_decay\": 0, \"amsgrad\": false, \"maximize\": false, \"foreach\": null, \"params\": [0, 1]}]";

    private Path file(String groups, NamedTensor... tensors) throws IOException {
        Path f = dir.resolve("torch-" + tensors.length + "-" + groups.hashCode() + ".safetensors");
        List<RawTensor> raw = new ArrayList<>();
        for (NamedTensor t : tensors) {
            raw.add(RawTensor.of(t));
        }
        try (FileChannel out = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            Safetensors.write(out, Map.of("format", "pt", "param_groups", groups), raw);
        }
        return f;
    }

    private static NamedTensor t(String name, float... v) {
        return new NamedTensor(name, v.length == 1 && name.endsWith("step") ? new int[0] : new int[] {v.length}, v);
    }

    /** Loads {@code file} into a fresh Adam over [a (2), b (3)] in the order b, a and runs {@code check}. */
    private void withAdam(java.util.function.Consumer<Optimizer> check) {
        try (Tensor a = backend.fromArray("a", new float[2]); Tensor ga = backend.fromArray("ga", new float[2]);
                Tensor b = backend.fromArray("b", new float[3]); Tensor gb = backend.fromArray("gb", new float[3]);
                Optimizer opt = Optimizer.of(backend, Adam.defaults(), new Parameter(a, ga), new Parameter(b, gb))) {
            check.accept(opt);
        }
    }

    private static Tensor param(Optimizer opt, int k) {
        return opt.groups().get(0).params().get(k).param();
    }

    @Test
    void stateLoadsByPositionInTheOrderGiven() throws IOException {
        Path f = file(ADAM_GROUPS, t("state.0.step", 7), t("state.0.exp_avg", 1, 2, 3), t("state.0.exp_avg_sq", 4, 5, 6));
        withAdam(opt -> {
            Tensor a = param(opt, 0);
            Tensor b = param(opt, 1);
            CheckpointLoad load = TorchOptimizerState.load(f, opt, List.of(b, a), HyperPolicy.REJECT);
            assertEquals(7, load.stepCount());
            assertEquals(7, opt.stepCount());
            assertArrayEquals(new float[] {1, 2, 3}, opt.state(b).get("exp_avg").toFloatArray());
            assertArrayEquals(new float[] {4, 5, 6}, opt.state(b).get("exp_avg_sq").toFloatArray());
            assertArrayEquals(new float[2], opt.state(a).get("exp_avg").toFloatArray()); // torch never stepped it
        });
    }

    private void rejected(Path f, String message) {
        withAdam(opt -> {
            Tensor a = param(opt, 0);
            Tensor b = param(opt, 1);
            opt.state(b).get("exp_avg").copyFrom(new float[] {9, 9, 9});
            opt.resume(3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TorchOptimizerState.load(f, opt, List.of(b, a), HyperPolicy.KEEP_OPTIMIZER));
            assertEquals(f + ": " + message, e.getMessage());
            assertArrayEquals(new float[] {9, 9, 9}, opt.state(b).get("exp_avg").toFloatArray());
            assertEquals(3, opt.stepCount());
        });
    }

    @Test
    void mismatchesNameWhatDiffersAndChangeNothing() throws IOException {
        NamedTensor step = t("state.0.step", 7);
        NamedTensor avg = t("state.0.exp_avg", 1, 2, 3);
        NamedTensor sq = t("state.0.exp_avg_sq", 4, 5, 6);
        rejected(file(ADAM_GROUPS, step, t("state.0.exp_avg", 1, 2), sq),
                "tensor 'state.0.exp_avg' has shape [2], parameter 'b' [3]");
        rejected(file(ADAM_GROUPS, step, avg, sq, t("state.0.momentum_buffer", 1, 2, 3)),
                "state.0.momentum_buffer: 'momentum_buffer' is not a state of adam ([exp_avg, exp_avg_sq])");
        rejected(file(ADAM_GROUPS, step, avg), "has no tensor 'state.0.exp_avg_sq' for 'b', which adam keeps");
        rejected(file(ADAM_GROUPS, step, avg, sq, t("state.1.step", 8), t("state.1.exp_avg", 1, 2),
                t("state.1.exp_avg_sq", 1, 2)), "the parameters' steps differ or are not counts (7.0, 8.0)");
        rejected(file(ADAM_GROUPS.replace("[0, 1]", "[0, 2]"), step, avg, sq),
                "param_groups[0]: parameter index 2 is not one of the 2 given");
        rejected(file(ADAM_GROUPS.replace("[0, 1]", "[0, 0]"), step, avg, sq),
                "param_groups lists parameter 0 twice");
        rejected(file(ADAM_GROUPS, step, avg, sq, t("state.5.exp_avg", 1)),
                "state.5.* belongs to no parameter of param_groups");
        rejected(file("[]", step, avg, sq), "param_groups holds 0 group(s), the optimizer 1");
        rejected(file("{\"lr\": 1}", step, avg, sq), "param_groups must be a list of groups (objects)");
    }

    @Test
    void hyperParametersAreComparedByValueUnderThePolicy() throws IOException {
        Path f = file(ADAM_GROUPS.replace("0.001", "0.5"), t("state.0.step", 1), t("state.0.exp_avg", 1, 2, 3),
                t("state.0.exp_avg_sq", 4, 5, 6));
        withAdam(opt -> {
            List<Tensor> order = List.of(param(opt, 1), param(opt, 0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TorchOptimizerState.load(f, opt, order, HyperPolicy.REJECT));
            assertTrue(e.getMessage().endsWith("[group 0 lr: checkpoint 0.5, optimizer 0.001]"), e.getMessage());
            CheckpointLoad load = TorchOptimizerState.load(f, opt, order, HyperPolicy.KEEP_OPTIMIZER);
            assertEquals(1, load.differences().size()); // weight_decay 0 (an int in JSON) equals 0.0
            assertEquals(0.001, opt.groups().get(0).spec().lr());
            TorchOptimizerState.load(f, opt, order, HyperPolicy.USE_CHECKPOINT);
            assertEquals(0.5, opt.groups().get(0).spec().lr());
        });
    }
}

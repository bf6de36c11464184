package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.io.NamedTensor;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OptimizerCheckpoint} on the reference backend: a save and a load into a new optimizer on new
 * tensors continue the run bit for bit (with weights, metadata and a {@link Checkpointable} in the
 * same file); every mismatch — optimizer kind, parameter name, shape, dtype, state slot, group count,
 * format version, a missing checkpointable, hyper-parameters under {@link HyperPolicy#REJECT} — is an
 * error naming the file and what differs, after which the optimizer and the checkpointables are
 * exactly as before. (Every optimizer on every backend: engine-tests and engine-cuda.)
 */
class OptimizerCheckpointTest {
    private final Backend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    /** A scheduler-like state: a counter and a best value that starts at +∞. */
    static class Counter implements Checkpointable {
        final String key;
        Map<String, Double> state = new LinkedHashMap<>(Map.of("count", 0.0, "best", Double.POSITIVE_INFINITY));

        Counter(String key) {
            this.key = key;
        }

        @Override
        public String checkpointKey() {
            return key;
        }

        @Override
        public Map<String, Double> checkpointState() {
            return new LinkedHashMap<>(state);
        }

        @Override
        public void restoreCheckpointState(Map<String, Double> s) {
            if (!s.keySet().equals(state.keySet())) {
                throw new IllegalArgumentException("expected " + state.keySet() + ", got " + s.keySet());
            }
            state = new LinkedHashMap<>(s);
        }
    }

    /** Two parameters, "w" [2, 3] and "b" [3], with gradients. */
    private final class Model implements AutoCloseable {
        final Tensor w = backend.fromArray("w", new float[] {1, -2, 0.5f, 0.25f, 3, -1}, 2, 3);
        final Tensor dw = backend.fromArray("dw", new float[6], 2, 3);
        final Tensor b = backend.fromArray("b", new float[] {0.1f, 0.2f, -0.3f});
        final Tensor db = backend.fromArray("db", new float[3]);

        Optimizer optimizer(OptimizerSpec spec) {
            return Optimizer.builder(backend).group(ParamGroup.of(spec, new Parameter(w, dw), new Parameter(b, db)))
                    .skipNonFinite(true).build();
        }

        void step(Optimizer opt, int t) {
            float nan = t == 1 ? Float.NaN : 0; // step 1 is skipped, and counted
            dw.copyFrom(new float[] {0.5f - t * 0.1f, -0.25f + t * 0.07f, 0.3f * (t % 2 == 0 ? 1 : -1), nan, 0, 1e-3f});
            db.copyFrom(new float[] {t * 0.01f, -0.2f, 0.05f});
            opt.step(1.0 / (t + 1));
        }

        @Override
        public void close() {
            w.close();
            dw.close();
            b.close();
            db.close();
        }
    }

    private static int[] bits(Tensor t) {
        float[] v = t.toFloatArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }

    /** Everything a load could change, to compare before and after. */
    private record Snapshot(long steps, long skipped, Map<String, Double> scalars, List<int[]> tensors,
            OptimizerSpec spec) {
        static Snapshot of(Optimizer opt, Model m) {
            List<int[]> tensors = new ArrayList<>();
            for (Tensor p : List.of(m.w, m.b)) {
                tensors.add(bits(p));
                opt.state(p).values().forEach(s -> tensors.add(bits(s)));
            }
            return new Snapshot(opt.stepCount(), opt.skippedSteps(), new HashMap<>(opt.groupState(0)), tensors,
                    opt.groups().get(0).spec());
        }

        void assertSame(Snapshot other) {
            assertEquals(steps, other.steps);
            assertEquals(skipped, other.skipped);
            assertEquals(scalars, other.scalars);
            assertEquals(spec, other.spec);
            for (int i = 0; i < tensors.size(); i++) {
                assertArrayEquals(tensors.get(i), other.tensors.get(i), "tensor " + i);
            }
        }
    }

    @Test
    void aLoadedCheckpointContinuesTheRunBitForBit() {
        OptimizerSpec spec = OptimizerSpecs.fromHyper("nadam", Map.of("lr", 0.05, "weight_decay", 0.01));
        Path file = dir.resolve("run.ckpt");
        Counter plateau = new Counter("plateau");
        plateau.state.put("count", 3.0);
        try (Model a = new Model(); Optimizer straight = a.optimizer(spec);
                Model c = new Model(); Optimizer resumed = c.optimizer(spec)) {
            for (int t = 0; t < 4; t++) {
                a.step(straight, t);
            }
            OptimizerCheckpoint.writer(straight).weight("0.weight", a.w).weight("0.bias", a.b)
                    .checkpointable(plateau).metadata("epoch", "7").write(file);
            for (int t = 4; t < 9; t++) {
                a.step(straight, t);
            }
            OptimizerCheckpoint cp = OptimizerCheckpoint.read(file);
            assertEquals(Map.of("epoch", "7"), cp.metadata());
            assertEquals(List.of("0.weight", "0.bias"), cp.weightNames());
            cp.copyWeight("0.weight", c.w);
            cp.copyWeight("0.bias", c.b);
            Counter restored = new Counter("plateau");
            CheckpointLoad load = cp.restore(resumed, HyperPolicy.REJECT, restored);
            assertEquals(3, load.stepCount()); // 4 steps taken, step 1 skipped
            assertTrue(load.hyperParametersAgree());
            assertEquals(plateau.state, restored.state);
            assertEquals(3, resumed.stepCount());
            assertEquals(1, resumed.skippedSteps());
            assertTrue(resumed.groupState(0).containsKey(NAdam.MU_PRODUCT), resumed.groupState(0).toString());
            for (int t = 4; t < 9; t++) {
                c.step(resumed, t);
            }
            Snapshot.of(straight, a).assertSame(Snapshot.of(resumed, c));
        }
    }

    @Test
    void saveAndLoadOnTheOptimizerItself() throws IOException {
        Path file = dir.resolve("adam.safetensors");
        try (Model a = new Model(); Optimizer opt = a.optimizer(Adam.defaults().withLr(0.01));
                Model c = new Model(); Optimizer other = c.optimizer(Adam.defaults().withLr(0.02))) {
            a.step(opt, 0);
            opt.save(file);
            CheckpointLoad load = other.load(file);
            assertEquals(List.of(new HyperDifference(0, "lr", 0.01, 0.02)), load.differences());
            assertEquals(0.02, other.groups().get(0).spec().lr()); // the optimizer's won
            assertArrayEquals(bits(opt.state(a.w).get("exp_avg")), bits(other.state(c.w).get("exp_avg")));
            other.load(file, HyperPolicy.USE_CHECKPOINT);
            assertEquals(0.01, other.groups().get(0).spec().lr()); // the checkpoint's won
            String header = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            for (String tensor : List.of("state.w.exp_avg", "state.w.exp_avg_sq", "state.b.exp_avg")) {
                assertTrue(header.contains("\"" + tensor + "\":{\"dtype\":\"F32\""), tensor);
            }
        }
    }

    @Test
    void sixteenBitWeightsAreSavedInTheirDtypeAndCopiedBackBitForBit() throws IOException {
        Path file = dir.resolve("half.ckpt");
        Backend backend = new ReferenceBackend();
        try (Model a = new Model(); Optimizer opt = a.optimizer(Adam.defaults());
                Tensor bf = backend.allocate("bf", DType.BFLOAT16, 3); Tensor hf = backend.allocate("hf", DType.FLOAT16, 3);
                Tensor bfBack = backend.allocate("bf2", DType.BFLOAT16, 3);
                Tensor hfBack = backend.allocate("hf2", DType.FLOAT16, 3)) {
            bf.copyFrom(new float[] {1.5f, -3e38f, 1e-40f});
            hf.copyFrom(new float[] {1.5f, -6e4f, 1e-7f});
            OptimizerCheckpoint.writer(opt).weight("bf", bf).weight("hf", hf).write(file);
            String header = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            assertTrue(header.contains("\"bf\":{\"dtype\":\"BF16\",\"shape\":[3]"), header);
            assertTrue(header.contains("\"hf\":{\"dtype\":\"F16\",\"shape\":[3]"), header);
            OptimizerCheckpoint cp = OptimizerCheckpoint.read(file);
            cp.copyWeight("bf", bfBack);
            cp.copyWeight("hf", hfBack);
            assertArrayEquals(bits(bf), bits(bfBack));
            assertArrayEquals(bits(hf), bits(hfBack));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cp.copyWeight("bf", hfBack));
            assertEquals(file + ": weight 'bf' is BF16, its target 'hf2' float16", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cp.copyWeight("hf", a.w), "F16 into float32");
        }
    }

    @Test
    void differentHyperParametersUnderRejectChangeNothing() {
        Path file = dir.resolve("sgd.ckpt");
        try (Model a = new Model(); Optimizer opt = a.optimizer(OptimizerSpecs.fromHyper("sgd",
                        Map.of("lr", 0.1, "momentum", 0.9)));
                Model c = new Model(); Optimizer other = c.optimizer(OptimizerSpecs.fromHyper("sgd",
                        Map.of("lr", 0.1, "momentum", 0.8)))) {
            a.step(opt, 0);
            opt.save(file);
            Snapshot before = Snapshot.of(other, c);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> other.load(file, HyperPolicy.REJECT));
            assertTrue(e.getMessage().startsWith(file + ": hyper-parameters differ from the optimizer's: [group 0"
                    + " momentum: checkpoint 0.9, optimizer 0.8]"), e.getMessage());
            before.assertSame(Snapshot.of(other, c));
        }
    }

    /** Saves {@code saved} after one step, then loads the file into {@code target} expecting {@code message}. */
    private void mismatch(OptimizerSpec saved, OptimizerSpec target, Consumer<Path> damage, String message,
            Checkpointable... others) {
        Path file = dir.resolve("m.ckpt");
        Counter counter = new Counter("other");
        counter.state.put("count", 5.0);
        try (Model a = new Model(); Optimizer opt = a.optimizer(saved); Model c = new Model();
                Optimizer other = c.optimizer(target)) {
            a.step(opt, 0);
            OptimizerCheckpoint.writer(opt).checkpointable(counter).write(file);
            damage.accept(file);
            c.step(other, 2);
            Snapshot before = Snapshot.of(other, c);
            Map<String, Double> states = new HashMap<>();
            for (Checkpointable x : others) {
                x.checkpointState().forEach((k, v) -> states.put(x.checkpointKey() + k, v));
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OptimizerCheckpoint.read(file).restore(other, HyperPolicy.KEEP_OPTIMIZER, others));
            assertEquals(file + ": " + message, e.getMessage());
            before.assertSame(Snapshot.of(other, c));
            for (Checkpointable x : others) {
                x.checkpointState().forEach((k, v) -> assertEquals(states.get(x.checkpointKey() + k), v, k));
            }
        }
    }

    private static Consumer<Path> edit(String from, String to) {
        return f -> {
            try {
                byte[] bytes = Files.readAllBytes(f);
                String s = new String(bytes, StandardCharsets.ISO_8859_1);
                assertTrue(s.contains(from), from);
                assertEquals(from.length(), to.length(), "same length keeps the header's size");
                int at = s.indexOf(from);
                Files.write(f, (s.substring(0, at) + to + s.substring(at + from.length()))
                        .getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private static final Consumer<Path> AS_IS = f -> {
    };

    @Test
    void anotherOptimizerIsRejected() {
        mismatch(Adam.defaults(), Adamax.defaults(), AS_IS, "group 0 is adam, the optimizer's is adamax");
    }

    @Test
    void anotherStateLayoutIsRejected() {
        mismatch(OptimizerSpecs.fromHyper("adam", Map.of("amsgrad", true)), Adam.defaults(), AS_IS,
                "tensor 'state.w.max_exp_avg_sq' is not a state the optimizer keeps");
        mismatch(Adam.defaults(), OptimizerSpecs.fromHyper("adam", Map.of("amsgrad", true)), AS_IS,
                "has no tensor 'state.w.max_exp_avg_sq': the optimizer keeps state 'max_exp_avg_sq' for parameter 'w'");
    }

    @Test
    void anotherParameterNameIsRejected() {
        mismatch(Sgd.defaults(), Sgd.defaults(), edit("\\\"params\\\":[\\\"w\\\",", "\\\"params\\\":[\\\"v\\\","),
                "group 0 holds the parameters [v, b], the optimizer's group [w, b] (the checkpoint lacks 'w')");
    }

    @Test
    void anotherShapeIsRejected() {
        OptimizerSpec momentum = OptimizerSpecs.fromHyper("sgd", Map.of("momentum", 0.9));
        mismatch(momentum, momentum, edit("\"state.w.momentum_buffer\":{\"dtype\":\"F32\",\"shape\":[2,3]",
                "\"state.w.momentum_buffer\":{\"dtype\":\"F32\",\"shape\":[3,2]"),
                "state tensor 'state.w.momentum_buffer' has shape [3, 2], the optimizer's tensor [2, 3]");
    }

    @Test
    void aDtypeOtherThanFloat32IsRejected() {
        OptimizerSpec momentum = OptimizerSpecs.fromHyper("sgd", Map.of("momentum", 0.9));
        mismatch(momentum, momentum, edit("\"state.b.momentum_buffer\":{\"dtype\":\"F32\",\"shape\":[3]",
                "\"state.b.momentum_buffer\":{\"dtype\":\"F16\",\"shape\":[6]"),
                "state tensor 'state.b.momentum_buffer' is F16, not F32");
    }

    @Test
    void anotherFormatVersionIsRejected() {
        mismatch(Sgd.defaults(), Sgd.defaults(), edit("format_version\\\":1", "format_version\\\":2"),
                "is a checkpoint of format version 2; this Descent reads version 1");
    }

    @Test
    void aMissingCheckpointableIsRejected() {
        mismatch(Sgd.defaults(), Sgd.defaults(), AS_IS, "holds no state for 'plateau' (it holds: [other])",
                new Counter("other"), new Counter("plateau"));
    }

    @Test
    void aCheckpointableThatRefusesItsStateRollsTheOthersBack() {
        Counter picky = new Counter("other") {
            @Override
            public void restoreCheckpointState(Map<String, Double> s) {
                throw new IllegalArgumentException("unexpected entry 'count'");
            }
        };
        Counter first = new Counter("other");
        mismatch(Sgd.defaults(), Sgd.defaults(), AS_IS, "state of 'other': unexpected entry 'count'", first, picky);
    }

    @Test
    void anotherGroupCountIsRejected() {
        Path file = dir.resolve("two.ckpt");
        try (Model a = new Model(); Optimizer two = Optimizer.builder(backend)
                        .group(ParamGroup.of(Sgd.defaults(), new Parameter(a.w, a.dw)))
                        .group(ParamGroup.of(Sgd.defaults(), new Parameter(a.b, a.db))).build();
                Model c = new Model(); Optimizer one = c.optimizer(Sgd.defaults())) {
            two.save(file);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> one.load(file));
            assertEquals(file + ": holds 2 parameter group(s), the optimizer 1", e.getMessage());
        }
    }

    @Test
    void aFileWithoutTheOptimizerDocumentIsNotACheckpoint() {
        Path file = dir.resolve("weights.safetensors");
        dev.descent.io.Safetensors.write(file, List.of(new NamedTensor("w", new int[] {1}, new float[] {1})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerCheckpoint.read(file));
        assertEquals(file + ": is not a Descent optimizer checkpoint (no 'descent.optimizer' in its metadata)",
                e.getMessage());
    }

    @Test
    void theWriterRefusesAmbiguousNames() {
        try (Model a = new Model(); Optimizer opt = a.optimizer(Sgd.defaults());
                Tensor w2 = backend.fromArray("w", new float[1]); Tensor g2 = backend.fromArray("g", new float[1]);
                Optimizer twins = Optimizer.builder(backend).group(ParamGroup.of(Sgd.defaults(),
                        new Parameter(a.w, a.dw), new Parameter(w2, g2))).build()) {
            CheckpointWriter writer = OptimizerCheckpoint.writer(opt);
            assertThrows(IllegalArgumentException.class, () -> writer.weight("state.w", a.w));
            assertThrows(IllegalArgumentException.class, () -> writer.metadata("descent.optimizer", "x"));
            assertThrows(IllegalArgumentException.class, () -> writer.metadata("format", "x"));
            writer.weight("0.weight", a.w);
            assertThrows(IllegalArgumentException.class, () -> writer.weight("0.weight", a.b));
            Path file = dir.resolve("twins.ckpt");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twins.save(file));
            assertTrue(e.getMessage().contains("two parameters of the optimizer are called 'w'"), e.getMessage());
            assertFalse(Files.exists(file));
        }
    }
}

package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.optim.Checkpointable;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerCheckpoint;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OptimizerCheckpoint#read} and {@link OptimizerCheckpoint#restore} on seeded random damage to a
 * valid checkpoint (flipped bytes, cuts, appended bytes, characters of the header — the JSON document
 * in {@code __metadata__} among them — replaced by JSON's punctuation, digits and letters, or swapped):
 * each outcome is either a restored optimizer or an {@link IllegalArgumentException} whose one-line
 * message names the file — never another exception — and a rejected file leaves the optimizer and the
 * checkpointable exactly as they were.
 */
class OptimizerCheckpointFuzzTest {
    private static final int TRIALS = 3000;
    private static final byte[] TOKENS = "{}[]\",:.-+eE0123456789 aNItrufl\\".getBytes();
    private final Backend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    /** A checkpointable whose state must be exactly {@code "n"}. */
    private static final class Counter implements Checkpointable {
        double n = 2;

        @Override
        public String checkpointKey() {
            return "counter";
        }

        @Override
        public Map<String, Double> checkpointState() {
            return Map.of("n", n);
        }

        @Override
        public void restoreCheckpointState(Map<String, Double> state) {
            if (!state.keySet().equals(Map.of("n", 0.0).keySet())) {
                throw new IllegalArgumentException("expected {n}, got " + state.keySet());
            }
            n = state.get("n");
        }
    }

    @Test
    void damagedCheckpointsRestoreOrGiveOneClearLineAndChangeNothing() throws IOException {
        OptimizerSpec spec = OptimizerSpecs.fromHyper("adam", Map.of("amsgrad", true, "lr", 0.01));
        Path valid = dir.resolve("valid.ckpt");
        try (Tensor w = backend.fromArray("0.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
                Tensor dw = backend.fromArray("dw", new float[] {0.1f, -0.2f, 0, 0.3f, 1e-3f, -1}, 2, 3);
                Tensor b = backend.fromArray("0.bias", new float[] {0.5f, -0.5f});
                Tensor db = backend.fromArray("db", new float[] {0.25f, 0});
                Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(spec, new Parameter(w, dw)))
                        .group(ParamGroup.of(spec, new Parameter(b, db))).build()) {
            opt.step();
            opt.step();
            Counter counter = new Counter();
            OptimizerCheckpoint.writer(opt).weight("w", w).checkpointable(counter).metadata("epoch", "2").write(valid);
            byte[] bytes = Files.readAllBytes(valid);
            OptimizerCheckpoint.read(valid).restore(opt, HyperPolicy.REJECT, counter); // the valid file loads
            SplittableRandom random = new SplittableRandom(20261203);
            int accepted = 0;
            int rejected = 0;
            for (int trial = 0; trial < TRIALS; trial++) {
                Path f = Files.write(dir.resolve("damaged-" + trial), damage(bytes, random));
                List<float[]> before = values(opt, w, b);
                long steps = opt.stepCount();
                Map<String, Double> scalars = new HashMap<>(opt.groupState(0));
                double n = counter.n;
                if (Damage.accepted(f, trial, () -> OptimizerCheckpoint.read(f).restore(opt, HyperPolicy.KEEP_OPTIMIZER,
                        counter))) {
                    accepted++;
                } else {
                    rejected++;
                    List<float[]> after = values(opt, w, b);
                    for (int i = 0; i < before.size(); i++) {
                        assertArrayEquals(before.get(i), after.get(i), "trial " + trial + ": tensor " + i);
                    }
                    assertEquals(steps, opt.stepCount(), "trial " + trial);
                    assertEquals(scalars, opt.groupState(0), "trial " + trial);
                    assertEquals(n, counter.n, "trial " + trial);
                }
                Files.delete(f);
                OptimizerCheckpoint.read(valid).restore(opt, HyperPolicy.USE_CHECKPOINT, counter); // undo any change
            }
            assertTrue(rejected > TRIALS / 2, rejected + " of " + TRIALS + " damaged checkpoints rejected");
            assertTrue(accepted > 0, "no damage left a valid checkpoint (a flipped data byte should)");
        }
    }

    /** Every parameter and state tensor's values (compared by {@code assertArrayEquals}: bit for bit, NaNs alike). */
    private static List<float[]> values(Optimizer opt, Tensor... params) {
        List<float[]> out = new ArrayList<>();
        for (Tensor p : params) {
            out.add(p.toFloatArray());
            opt.state(p).values().forEach(s -> out.add(s.toFloatArray()));
        }
        return out;
    }

    private static byte[] damage(byte[] valid, SplittableRandom random) {
        int header = (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        byte[] b = valid.clone();
        switch (random.nextInt(5)) {
            case 0 -> b = Damage.flip(b, random);
            case 1 -> b = Damage.cut(b, random);
            case 2 -> b = Damage.append(b, random);
            case 3 -> { // 1 to 3 characters of the header replaced by JSON's own
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    b[8 + random.nextInt(header)] = TOKENS[random.nextInt(TOKENS.length)];
                }
            }
            default -> { // two characters of the header swapped
                int i = 8 + random.nextInt(header);
                int j = 8 + random.nextInt(header);
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
            }
        }
        return b;
    }
}

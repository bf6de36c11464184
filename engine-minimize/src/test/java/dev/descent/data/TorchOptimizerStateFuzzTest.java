package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.io.NamedTensor;
import dev.descent.io.RawTensor;
import dev.descent.io.Safetensors;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.optim.TorchOptimizerState;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TorchOptimizerState#load} on seeded random damage to a valid export of a torch NAdam's
 * {@code state_dict()} (flipped bytes, cuts, appended bytes): each outcome is either a loaded optimizer
 * or an {@link IllegalArgumentException} whose one-line message names the file — never another
 * exception — and a rejected file leaves the optimizer as it was.
 */
class TorchOptimizerStateFuzzTest {
    private static final int TRIALS = 2000;
    private final Backend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    @Test
    void damagedExportsLoadOrGiveOneClearLineAndChangeNothing() throws IOException {
        Path valid = dir.resolve("nadam.safetensors");
        List<NamedTensor> tensors = List.of(new NamedTensor("state.0.step", new int[0], new float[] {3}),
                new NamedTensor("state.0.mu_product", new int[0], new float[] {0.7f}),
                new NamedTensor("state.0.exp_avg", new int[] {2, 2}, new float[] {1, 2, 3, 4}),
                new NamedTensor("state.0.exp_avg_sq", new int[] {2, 2}, new float[] {5, 6, 7, 8}));
        try (FileChannel out = FileChannel.open(valid, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Safetensors.write(out, Map.of("format", "pt", "param_groups", "[{\"lr\": 0.002, \"betas\": [0.9, 0.999],"
                    + " \"eps\": 1e-08, \"weight_decay\": 0, \"momentum_decay\": 0.004, \"foreach\": null,"
                    + " \"params\": [0]}]"), tensors.stream().map(RawTensor::of).toList());
        }
        byte[] bytes = Files.readAllBytes(valid);
        try (Tensor w = backend.fromArray("w", new float[4], 2, 2); Tensor g = backend.fromArray("g", new float[4], 2, 2);
                Optimizer opt = Optimizer.of(backend, NAdam.defaults(), new Parameter(w, g))) {
            TorchOptimizerState.load(valid, opt, HyperPolicy.REJECT); // the valid file loads
            assertEquals(3, opt.stepCount());
            SplittableRandom random = new SplittableRandom(20261203);
            int rejected = 0;
            for (int trial = 0; trial < TRIALS; trial++) {
                byte[] b = switch (random.nextInt(3)) {
                    case 0 -> Damage.flip(bytes, random);
                    case 1 -> Damage.cut(bytes, random);
                    default -> Damage.append(bytes, random);
                };
                Path f = Files.write(dir.resolve("damaged-" + trial), b);
                opt.resume(trial);
                float[] avg = opt.state(w).get("exp_avg").toFloatArray();
                Map<String, Double> scalars = Map.copyOf(opt.groupState(0));
                if (!Damage.accepted(f, trial, () -> TorchOptimizerState.load(f, opt, HyperPolicy.KEEP_OPTIMIZER))) {
                    rejected++;
                    assertEquals(trial, opt.stepCount(), "trial " + trial);
                    assertArrayEquals(avg, opt.state(w).get("exp_avg").toFloatArray(), "trial " + trial);
                    assertEquals(scalars, opt.groupState(0), "trial " + trial);
                }
                Files.delete(f);
            }
            assertTrue(rejected > TRIALS / 2, rejected + " of " + TRIALS + " damaged exports rejected");
        }
    }
}

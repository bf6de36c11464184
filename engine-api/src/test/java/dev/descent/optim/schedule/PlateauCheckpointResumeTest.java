package dev.descent.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.optim.Adam;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerCheckpoint;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with {@link ReduceLrOnPlateau} saved to an optimizer checkpoint (its state beside the
 * optimizer's, the lowered rates in the optimizer's hyper-parameters) and resumed from it into a new
 * optimizer and scheduler continues exactly: the same rates, counters and weights, bit for bit.
 */
class PlateauCheckpointResumeTest {
    private static final int EPOCHS = 24;
    private static final int STEPS_PER_EPOCH = 3;

    @TempDir
    Path dir;

    /** A metric that improves, stalls (lowering the rate twice), then improves again. */
    private static double metric(int epoch) {
        return epoch < 6 ? 1.0 / (1 + epoch) : epoch < 18 ? 0.15 : 0.15 - 0.01 * (epoch - 17);
    }

    private static float[] gradient(int epoch, int step) {
        return new float[] {0.3f - 0.05f * step, (epoch % 3 - 1) * 0.2f};
    }

    private final class Run implements AutoCloseable {
        final Backend backend = new ReferenceBackend();
        final Tensor w = backend.fromArray("w", new float[] {1, -1});
        final Tensor g = backend.fromArray("g", new float[2]);
        final Optimizer opt = Optimizer.builder(backend)
                .group(ParamGroup.of(Adam.defaults().withLr(0.05), new Parameter(w, g))).build();
        final ReduceLrOnPlateau plateau = ReduceLrOnPlateau.builder(opt).factor(0.5).patience(2).cooldown(1).build();
        final List<Double> lrs = new ArrayList<>();

        void epoch(int e) {
            for (int s = 0; s < STEPS_PER_EPOCH; s++) {
                g.copyFrom(gradient(e, s));
                opt.step();
            }
            plateau.step(metric(e));
            lrs.add(opt.spec(0).lr());
        }

        @Override
        public void close() {
            opt.close();
            w.close();
            g.close();
        }
    }

    @Test
    void aResumedRunContinuesThePlateauExactly() throws Exception {
        try (Run straight = new Run()) {
            for (int e = 0; e < EPOCHS; e++) {
                straight.epoch(e);
            }
            assertTrue(straight.lrs.getLast() < 0.05 / 3, "the rate was lowered at least twice: " + straight.lrs);
            for (int k : new int[] {4, 8, 11, 15}) {
                Path file = dir.resolve("run-" + k + ".ckpt");
                try (Run first = new Run(); Run resumed = new Run()) {
                    for (int e = 0; e < k; e++) {
                        first.epoch(e);
                    }
                    OptimizerCheckpoint.writer(first.opt).checkpointable(first.plateau).write(file);
                    resumed.w.copyFrom(first.w.toFloatArray());
                    OptimizerCheckpoint.read(file).restore(resumed.opt, HyperPolicy.USE_CHECKPOINT, resumed.plateau);
                    assertEquals(first.plateau.checkpointState(), resumed.plateau.checkpointState());
                    for (int e = k; e < EPOCHS; e++) {
                        resumed.epoch(e);
                    }
                    assertEquals(straight.lrs.subList(k, EPOCHS), resumed.lrs, "resumed after epoch " + k);
                    assertEquals(straight.plateau.checkpointState(), resumed.plateau.checkpointState());
                    assertArrayEquals(straight.w.toFloatArray(), resumed.w.toFloatArray(), "bit for bit");
                }
                Files.delete(file);
            }
        }
    }
}

package dev.descent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.backend.Backend;
import dev.descent.io.Safetensors;
import dev.descent.io.SafetensorsFile;
import dev.descent.optim.Checkpointable;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerCheckpoint;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.optim.TorchOptimizerState;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the safetensors readers, header and payload: weights ({@link
 * Safetensors#readFile}, every tensor converted and viewed raw), optimizer checkpoints ({@link
 * OptimizerCheckpoint#read} and {@link OptimizerCheckpoint#restore} into the optimizer {@link
 * FuzzSeeds#checkpoint} writes) and torch exports ({@link TorchOptimizerState#load}). Every input is
 * read or rejected with an {@link IllegalArgumentException} naming the file; any other exception, an
 * {@link OutOfMemoryError} (an allocation sized by a header) or an out-of-bounds read is a finding.
 */
class SafetensorsFuzzTest {
    private static final Backend BACKEND = new ReferenceBackend();

    @FuzzTest(maxDuration = "10m")
    void weights(byte[] data) {
        Path file = FuzzFiles.write("weights.safetensors", data);
        try {
            SafetensorsFile f = Safetensors.readFile(file);
            for (String name : f.names()) {
                f.tensor(name);
                f.raw(name).data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                f.shape(name);
            }
        } catch (IllegalArgumentException e) {
            FuzzFiles.assertNames(file, e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void checkpoint(byte[] data) {
        Path file = FuzzFiles.write("optimizer.ckpt", data);
        try (CheckpointedRun run = new CheckpointedRun()) {
            try {
                OptimizerCheckpoint cp = OptimizerCheckpoint.read(file);
                cp.weightNames().forEach(cp::weight);
                cp.restore(run.optimizer, HyperPolicy.KEEP_OPTIMIZER, run.counter);
            } catch (IllegalArgumentException e) {
                FuzzFiles.assertNames(file, e);
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void torchExport(byte[] data) {
        Path file = FuzzFiles.write("torch-nadam.safetensors", data);
        try (Tensor w = BACKEND.fromArray("w", new float[4], 2, 2); Tensor g = BACKEND.fromArray("g", new float[4], 2, 2);
                Optimizer opt = Optimizer.of(BACKEND, NAdam.defaults(), new Parameter(w, g))) {
            try {
                TorchOptimizerState.load(file, opt, HyperPolicy.KEEP_OPTIMIZER);
            } catch (IllegalArgumentException e) {
                FuzzFiles.assertNames(file, e);
            }
        }
    }

    /** The optimizer (two groups of AMSGrad Adam) and checkpointable of the corpus' checkpoints. */
    static final class CheckpointedRun implements AutoCloseable {
        final Tensor w = BACKEND.fromArray("0.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        final Tensor dw = BACKEND.fromArray("dw", new float[] {0.1f, -0.2f, 0, 0.3f, 1e-3f, -1}, 2, 3);
        final Tensor b = BACKEND.fromArray("0.bias", new float[] {0.5f, -0.5f});
        final Tensor db = BACKEND.fromArray("db", new float[] {0.25f, 0});
        final Optimizer optimizer;
        final Counter counter = new Counter();

        CheckpointedRun() {
            OptimizerSpec spec = OptimizerSpecs.fromHyper("adam", Map.of("amsgrad", true, "lr", 0.01));
            optimizer = Optimizer.builder(BACKEND).group(ParamGroup.of(spec, new Parameter(w, dw)))
                    .group(ParamGroup.of(spec, new Parameter(b, db))).build();
        }

        @Override
        public void close() {
            optimizer.close();
            w.close();
            dw.close();
            b.close();
            db.close();
        }
    }

    /** A checkpointable whose state must be exactly {@code {"n"}}. */
    static final class Counter implements Checkpointable {
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
}

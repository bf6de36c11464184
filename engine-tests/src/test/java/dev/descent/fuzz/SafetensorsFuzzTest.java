package dev.descent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.backend.Backend;
import dev.descent.io.Safetensors;
import dev.descent.io.SafetensorsFile;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerCheckpoint;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.optim.TorchOptimizerState;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the safetensors readers, header and payload: weights ({@link
 * Safetensors#readFile}, every tensor converted and viewed raw), optimizer checkpoints ({@link
 * OptimizerCheckpoint#read} and {@link OptimizerCheckpoint#restore} into the optimizer and schedule
 * of {@link CheckpointedRun}, as {@link FuzzSeeds} writes them) and torch exports ({@link TorchOptimizerState#load}). Every input is
 * read or rejected with an {@link IllegalArgumentException} naming the file; any other exception, an
 * {@link OutOfMemoryError} (an allocation sized by a header) or an out-of-bounds read is a finding.
 */
class SafetensorsFuzzTest {
    private static final Backend BACKEND = new ReferenceBackend();

    @FuzzTest(maxDuration = "10m")
    void weights(byte[] data) throws Exception {
        FuzzFiles.readOrReject("weights.safetensors", data, IllegalArgumentException.class, file -> {
            SafetensorsFile f = Safetensors.readFile(file);
            for (String name : f.names()) {
                f.tensor(name);
                f.raw(name).data().toArray(ValueLayout.JAVA_BYTE);
            }
        });
    }

    @FuzzTest(maxDuration = "10m")
    void checkpoint(byte[] data) throws Exception {
        try (CheckpointedRun run = new CheckpointedRun()) {
            FuzzFiles.readOrReject("optimizer.ckpt", data, IllegalArgumentException.class, file -> {
                OptimizerCheckpoint cp = OptimizerCheckpoint.read(file);
                cp.weightNames().forEach(cp::weight);
                cp.restore(run.optimizer, HyperPolicy.KEEP_OPTIMIZER, run.plateau);
            });
        }
    }

    @FuzzTest(maxDuration = "10m")
    void torchExport(byte[] data) throws Exception {
        try (Tensor w = BACKEND.fromArray("w", new float[4], 2, 2); Tensor g = BACKEND.fromArray("g", new float[4], 2, 2);
                Optimizer opt = Optimizer.of(BACKEND, NAdam.defaults(), new Parameter(w, g))) {
            FuzzFiles.readOrReject("torch-nadam.safetensors", data, IllegalArgumentException.class,
                    file -> TorchOptimizerState.load(file, opt, HyperPolicy.KEEP_OPTIMIZER));
        }
    }

    /** The optimizer (two groups of AMSGrad Adam) and its plateau schedule, as the corpus' checkpoints hold them. */
    static final class CheckpointedRun implements AutoCloseable {
        final Tensor w = BACKEND.fromArray("0.weight", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        final Tensor dw = BACKEND.fromArray("dw", new float[] {0.1f, -0.2f, 0, 0.3f, 1e-3f, -1}, 2, 3);
        final Tensor b = BACKEND.fromArray("0.bias", new float[] {0.5f, -0.5f});
        final Tensor db = BACKEND.fromArray("db", new float[] {0.25f, 0});
        final Optimizer optimizer;
        final ReduceLrOnPlateau plateau;

        CheckpointedRun() {
            OptimizerSpec spec = OptimizerSpecs.fromHyper("adam", Map.of("amsgrad", true, "lr", 0.01));
            optimizer = Optimizer.builder(BACKEND).group(ParamGroup.of(spec, new Parameter(w, dw)))
                    .group(ParamGroup.of(spec, new Parameter(b, db))).build();
            plateau = ReduceLrOnPlateau.builder(optimizer).patience(1).build();
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
}

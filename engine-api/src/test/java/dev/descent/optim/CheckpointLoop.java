package dev.descent.optim;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training loop {@link CheckpointKillTest} kills: AMSGrad Adam on a quadratic, a checkpoint
 * written after every step, resumed from that checkpoint when one exists. Run as its own JVM:
 * {@code CheckpointLoop DIR LAST_STEP}; it prints {@code ready STEP} once it has loaded (or not), {@code saved STEP} after each write, and
 * exits 0 after step {@code LAST_STEP}. {@link #run} is the same run in this JVM, without the files.
 */
public final class CheckpointLoop implements AutoCloseable {
    /** Parameters. */
    static final int N = 1 << 16;
    /**
     * Frozen weights saved with every checkpoint (4 MB): they make the write, rather than the step, take
     * most of the loop's time, so that many kills land inside a write.
     */
    static final int FROZEN = 1 << 20;
    /** The checkpoint's file name in the directory. */
    static final String FILE = "latest.ckpt";

    private final Backend backend = new ReferenceBackend();
    final Tensor w = backend.fromArray("w", initial(N), N);
    final Tensor frozen = backend.fromArray("frozen", initial(FROZEN), FROZEN);
    private final Tensor g = backend.fromArray("g", new float[N], N);
    final Optimizer optimizer = Optimizer.of(backend,
            OptimizerSpecs.fromHyper("adam", Map.of("lr", 0.01, "amsgrad", true, "weight_decay", 0.001)),
            new Parameter(w, g));
    private final float[] host = new float[N];

    public static void main(String[] args) {
        Path file = Path.of(args[0]).resolve(FILE);
        long last = Long.parseLong(args[1]);
        try (CheckpointLoop run = new CheckpointLoop()) {
            if (Files.exists(file)) {
                OptimizerCheckpoint cp = OptimizerCheckpoint.read(file);
                cp.copyWeight("w", run.w);
                cp.copyWeight("frozen", run.frozen);
                cp.restore(run.optimizer, HyperPolicy.REJECT);
            }
            System.out.println("ready " + run.optimizer.stepCount());
            System.out.flush();
            while (run.optimizer.stepCount() < last) {
                run.step();
                OptimizerCheckpoint.writer(run.optimizer).weight("w", run.w).weight("frozen", run.frozen).write(file);
                System.out.println("saved " + run.optimizer.stepCount());
            }
        }
    }

    /** The uninterrupted run advanced to {@code step}. */
    void runTo(long step) {
        while (optimizer.stepCount() < step) {
            step();
        }
    }

    /** One step: the gradient of ½‖w − target‖² plus a ripple that depends on the step, then the update. */
    private void step() {
        w.copyTo(host);
        long t = optimizer.stepCount();
        for (int i = 0; i < N; i++) {
            host[i] = host[i] - target(i) + 0.01f * (float) ((i * 31 + t * 17) % 13 - 6);
        }
        g.copyFrom(host);
        optimizer.step();
    }

    private static float target(int i) {
        return (i % 7) * 0.25f - 0.75f;
    }

    static float[] initial(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * 0.01);
        }
        return v;
    }

    @Override
    public void close() {
        optimizer.close();
        w.close();
        frozen.close();
        g.close();
    }
}

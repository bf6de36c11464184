package dev.descent.testing;

import dev.descent.backend.Backend;
import dev.descent.optim.CheckpointLoad;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerCheckpoint;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The bit-exact resume check every backend runs for every {@link HyperCases hyper-parameter case}: a run
 * of {@value #FIRST} + {@value #THEN} steps straight, and the same run checkpointed after {@value #FIRST}
 * steps ({@link OptimizerCheckpoint}, the parameters saved as model weights), loaded into a new optimizer
 * on new tensors and continued for {@value #THEN} steps, must end with the same parameters and state
 * tensors bit for bit, the same step count, skipped steps and group scalars. The gradients vary per
 * step and hold exact zeros; step 1 holds a NaN and is skipped (so the skipped count travels too); the
 * inputs a caller fills ({@link StateInputs}) are filled before every step; the loss changes every step
 * (iRprop+'s backtracking compares it with the previous one, a group scalar).
 */
public final class CheckpointResume {
    /** Steps before the checkpoint. */
    public static final int FIRST = 4;
    /** Steps after it. */
    public static final int THEN = 3;
    private static final int[][] SHAPES = {{2, 3}, {5}};

    private CheckpointResume() {
    }

    /**
     * Runs the check for case {@code c} on {@code backend}, writing the checkpoint in {@code dir}.
     *
     * @return empty if the resumed run equals the uninterrupted one bit for bit, else what differs
     */
    public static Optional<String> mismatch(Backend backend, HyperCase c, Path dir) {
        OptimizerSpec spec = c.spec();
        Path file = dir.resolve(c.optimizer() + "-" + Integer.toHexString(c.label().hashCode()) + ".ckpt");
        try (Run straight = new Run(backend, spec); Run resumed = new Run(backend, spec)) {
            for (int t = 0; t < FIRST; t++) {
                straight.step(t);
            }
            var writer = OptimizerCheckpoint.writer(straight.optimizer);
            for (int k = 0; k < SHAPES.length; k++) {
                writer.weight("w" + k, straight.params.get(k));
            }
            writer.write(file);
            OptimizerCheckpoint cp = OptimizerCheckpoint.read(file);
            for (int k = 0; k < SHAPES.length; k++) {
                cp.copyWeight("w" + k, resumed.params.get(k));
            }
            CheckpointLoad load = cp.restore(resumed.optimizer, HyperPolicy.REJECT);
            if (load.stepCount() != FIRST - 1) {
                return Optional.of("the checkpoint says " + load.stepCount() + " steps, expected " + (FIRST - 1));
            }
            for (int t = FIRST; t < FIRST + THEN; t++) {
                straight.step(t);
                resumed.step(t);
            }
            return straight.differenceFrom(resumed);
        }
    }

    /** One optimizer over two parameters of its own, with gradients filled per step. */
    private static final class Run implements AutoCloseable {
        final List<Tensor> params = new ArrayList<>();
        final List<Tensor> grads = new ArrayList<>();
        final Optimizer optimizer;
        final List<String> inputs;

        Run(Backend backend, OptimizerSpec spec) {
            List<Parameter> ps = new ArrayList<>();
            for (int k = 0; k < SHAPES.length; k++) {
                int n = Arrays.stream(SHAPES[k]).reduce(1, (a, b) -> a * b);
                long[] shape = Arrays.stream(SHAPES[k]).asLongStream().toArray();
                params.add(backend.fromArray("p" + k, values(new SplittableRandom(k), n, false), shape));
                grads.add(backend.fromArray("g" + k, new float[n], shape));
                ps.add(new Parameter(params.get(k), grads.get(k)));
            }
            optimizer = Optimizer.builder(backend).group(ParamGroup.of(spec, ps)).skipNonFinite(true).build();
            inputs = StateInputs.names(spec);
        }

        void step(int t) {
            for (int k = 0; k < params.size(); k++) {
                int n = Math.toIntExact(params.get(k).size());
                float[] g = values(new SplittableRandom(1000L * t + k), n, true);
                if (t == 1 && k == 1) {
                    g[n - 1] = Float.NaN;
                }
                grads.get(k).copyFrom(g);
                for (String input : inputs) {
                    optimizer.state(params.get(k)).get(input).copyFrom(StateInputs.values(input, 100L * t + k, n));
                }
            }
            optimizer.step(1.0 + 0.25 * ((t * 7) % 3));
        }

        Optional<String> differenceFrom(Run other) {
            if (optimizer.stepCount() != other.optimizer.stepCount()
                    || optimizer.skippedSteps() != other.optimizer.skippedSteps()) {
                return Optional.of("steps " + optimizer.stepCount() + "/" + optimizer.skippedSteps() + " skipped vs "
                        + other.optimizer.stepCount() + "/" + other.optimizer.skippedSteps());
            }
            if (!optimizer.groupState(0).equals(other.optimizer.groupState(0))) {
                return Optional.of("group scalars " + optimizer.groupState(0) + " vs " + other.optimizer.groupState(0));
            }
            for (int k = 0; k < params.size(); k++) {
                Optional<String> d = differ("parameter p" + k, params.get(k), other.params.get(k));
                for (Map.Entry<String, Tensor> s : optimizer.state(params.get(k)).entrySet()) {
                    if (d.isPresent()) {
                        return d;
                    }
                    d = differ("state " + s.getKey() + " of p" + k, s.getValue(),
                            other.optimizer.state(other.params.get(k)).get(s.getKey()));
                }
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            optimizer.close();
            params.forEach(Tensor::close);
            grads.forEach(Tensor::close);
        }
    }

    private static Optional<String> differ(String what, Tensor a, Tensor b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                return Optional.of(what + "[" + i + "]: uninterrupted " + x[i] + ", resumed " + y[i]);
            }
        }
        return Optional.empty();
    }

    /** Values of scale about 0.5, every fourth an exact zero if {@code zeros}. */
    private static float[] values(SplittableRandom random, int n, boolean zeros) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = zeros && random.nextInt(4) == 0 ? 0f : (float) (random.nextDouble() - 0.5);
        }
        return v;
    }
}

package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.network.Loss;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.network.TorchInit;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.optim.Vsgd;
import dev.descent.simd.SimdBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The training step's kernels run on synthetic data on a daemon thread while the main thread reads the
 * real data, so that the JIT compiles them before the run's clock starts. The SIMD backend's Vector API
 * kernels run interpreted — hundreds of times slower than compiled — until the JIT has counted enough
 * calls and loop iterations to compile them: without a warm-up that happens in the first epoch, which
 * then took ≈ 2 s against ≈ 0.45 s for the later ones on 784-256-10 (docs/benchmarks.md).
 *
 * <p>Two phases, counted in steps because the JIT's triggers are counts: first {@value #NARROW_STEPS}
 * steps of a narrowed copy of the network (each hidden and input width capped at {@value #NARROW_WIDTH},
 * batches of at most {@value #NARROW_BATCH}), whose calls are cheap even interpreted, so that the counts
 * are reached in a fraction of the time the run's shapes take; then {@value #RUN_STEPS} steps of the
 * run's own shapes (the paths and loop lengths the run will take; fewer for batches over 128, at most
 * {@value #RUN_EXAMPLES} examples) and one evaluation pass. A long run waits for the warm-up to end
 * ({@link #finish}): on the two-core machine of docs/benchmarks.md the process then ends no later than
 * without waiting, and the first epoch runs at the pace of the later ones. A short run
 * ({@value #WAIT_EXAMPLES} examples or fewer) does not wait: the warm-up stops at its next step. Nothing of
 * the warm-up reaches the run: its own network, weights, optimizer and data, all closed when it ends.
 */
final class KernelWarmUp {

    /** Steps of the narrowed network. */
    static final int NARROW_STEPS = 200;

    /** The narrowed network's widest layer, but for the outputs. */
    static final int NARROW_WIDTH = 48;

    /** The narrowed network's largest batch. */
    static final int NARROW_BATCH = 30;

    /** Steps (or gradient evaluations) of the run's own network, at most. */
    static final int RUN_STEPS = 60;

    /**
     * Examples in the steps of the run's own network, at most (60 batches of 128): with large batches,
     * fewer steps, so that the warm-up stays a small part of a run's work.
     */
    static final int RUN_EXAMPLES = 7_680;

    /** A run of more training examples than this (steps × batch, or iterations × examples) waits for the warm-up. */
    static final long WAIT_EXAMPLES = 50_000;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    private KernelWarmUp(Backend backend, TrainSettings settings) {
        thread = Thread.ofPlatform().daemon().name("descent-warm-up").unstarted(() -> run(backend, settings));
    }

    /**
     * Starts warming up {@code backend}'s kernels for {@code settings}' network and optimizer; null (nothing
     * to do) unless the backend is SIMD, whose kernels are Vector API code the JIT must compile.
     */
    static KernelWarmUp start(Backend backend, TrainSettings settings) {
        if (!backend.name().equals(SimdBackend.NAME) || Boolean.getBoolean("descent.noWarmUp")) {
            return null;
        }
        KernelWarmUp w = new KernelWarmUp(backend, settings);
        w.thread.start();
        return w;
    }

    /**
     * Ends the warm-up before the run starts: waits for it when the run will train on more than
     * {@value #WAIT_EXAMPLES} examples, otherwise stops it at its next step without waiting.
     *
     * @return the seconds waited
     */
    double finish(long runExamples) {
        if (runExamples <= WAIT_EXAMPLES) {
            stop.set(true);
            return 0;
        }
        long t0 = System.nanoTime();
        try {
            thread.join();
        } catch (InterruptedException e) {
            stop.set(true);
            Thread.currentThread().interrupt();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private void run(Backend backend, TrainSettings s) {
        int batch = s.batch() == TrainSettings.ALL ? 256 : s.batch();
        NetworkSpec spec = s.spec();
        int[] narrow = spec.layers().clone();
        for (int i = 0; i < narrow.length - 1; i++) {
            narrow[i] = Math.min(narrow[i], NARROW_WIDTH);
        }
        warm(backend, s, new NetworkSpec(narrow, spec.activation(), spec.loss()), Math.min(batch, NARROW_BATCH),
                NARROW_STEPS);
        warm(backend, s, spec, batch, Math.max(5, Math.min(RUN_STEPS, RUN_EXAMPLES / batch)));
    }

    private void warm(Backend backend, TrainSettings s, NetworkSpec spec, int batch, int steps) {
        int rows = 2 * batch;
        SplittableRandom random = new SplittableRandom(s.seed());
        float[] features = new float[rows * spec.inputs()];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextDouble();
        }
        int[] labels = new int[rows];
        float[] targets = new float[rows * spec.outputs()];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(spec.outputs());
            targets[i * spec.outputs() + labels[i]] = 1;
        }
        ClassificationData classes = new ClassificationData(rows, spec.inputs(), spec.outputs(), features, labels);
        try (MultilayerPerceptron mlp = spec.loss() == Loss.CROSS_ENTROPY ? MultilayerPerceptron.classifier(spec, classes)
                        : MultilayerPerceptron.regression(spec,
                                new RegressionData(rows, spec.inputs(), spec.outputs(), features, targets));
                Tensor x = backend.fromArray("warm-up weights", toFloats(TorchInit.initialize(spec, s.seed())));
                Tensor g = backend.allocate("warm-up gradient", DType.FLOAT32, mlp.dimension())) {
            boolean optimizerSteps = !s.minimizer() && !(s.optimizer() instanceof Vsgd);
            Optimizer opt = optimizerSteps ? optimizer(backend, s, mlp, x, g) : null;
            try {
                var sampler = mlp.sampler(batch, s.seed());
                for (int step = 0; step < steps && !stop.get(); step++) {
                    double loss = s.minimizer() ? mlp.valueAndGradient(x, g)
                            : mlp.batchValueAndGradient(x, sampler.next(), g);
                    if (opt != null && Double.isFinite(loss)) {
                        opt.step(loss);
                    }
                }
                if (!stop.get() && spec.loss() == Loss.CROSS_ENTROPY) {
                    mlp.accuracy(x, classes); // the evaluation between epochs: forward passes in chunks
                }
            } finally {
                if (opt != null) {
                    opt.close();
                }
            }
        } catch (RuntimeException e) {
            // A warm-up that fails changes nothing: the run itself reports whatever is wrong.
        }
    }

    private static Optimizer optimizer(Backend backend, TrainSettings s, MultilayerPerceptron mlp, Tensor x,
            Tensor g) {
        List<Tensor> layers = mlp.parameterViews(x);
        List<Tensor> grads = mlp.parameterViews(g);
        Parameter[] params = new Parameter[layers.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = new Parameter(layers.get(i), grads.get(i));
        }
        Optimizer.Builder b = Optimizer.builder(backend).group(dev.descent.optim.ParamGroup.of(s.optimizer(), params));
        if (!Double.isNaN(s.clipGradNorm())) {
            b.clipGradNorm(s.clipGradNorm());
        }
        return b.build();
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}

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
 * The training step's kernels run on a synthetic data set of the run's shapes, on a daemon thread, while
 * the main thread reads the real one. The SIMD backend's Vector API kernels run interpreted — hundreds of
 * times slower than compiled — until the JIT has seen them often enough to compile them; without this,
 * that happens during the first steps of the first epoch (its first step alone took 0.9–1.2 s of a
 * ≈ 3 s epoch of 784-256-10, docs/benchmarks.md). Nothing of the warm-up reaches the run: its own
 * network, weights, optimizer and data, all closed when it ends; it stops at the first step of the run
 * ({@link #stop}) if it has not finished by then.
 */
final class KernelWarmUp {

    /** Optimizer steps (or gradient evaluations) the warm-up takes at most. */
    static final int STEPS = 60;

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

    /** Ends the warm-up at its next step (the run is about to start) without waiting for it. */
    void stop() {
        stop.set(true);
    }

    private void run(Backend backend, TrainSettings s) {
        NetworkSpec spec = s.spec();
        int batch = s.batch() == TrainSettings.ALL ? 256 : s.batch();
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
                for (int step = 0; step < STEPS && !stop.get(); step++) {
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

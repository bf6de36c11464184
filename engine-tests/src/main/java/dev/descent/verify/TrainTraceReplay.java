package dev.descent.verify;

import dev.descent.backend.Backend;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.optim.Sgd;
import dev.descent.optim.TorchOptimizerState;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Replays a {@link TrainTrace} on a backend: the network from the trace's {@code params0} (and the
 * optimizer from its {@code state0}), then per recorded batch the mini-batch loss and gradient
 * ({@link MultilayerPerceptron#batchValueAndGradient}) and one optimizer step on the flat parameter
 * vector — every torch.optim rule is element-wise, so one flat tensor steps as torch's per-tensor
 * loop does. Each loss is compared before its step, the parameters after the last one.
 */
public final class TrainTraceReplay {
    private TrainTraceReplay() {
    }

    /** Replays {@code trace} on {@code backend} and reports the worst normalized errors. */
    public static TrainReplayResult replay(TrainTrace trace, Backend backend) {
        OptimizerSpec rule = OptimizerSpecs.fromHyper(trace.optimizer(), trace.hyper());
        return replay(trace, backend, (x, g) -> {
            Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(rule, new Parameter(x, g)))
                    .skipNonFinite(true).build();
            if (trace.state0() != null) {
                resume(opt, x, rule, trace.state0());
            }
            return opt;
        });
    }

    /**
     * Replays {@code trace} with the optimizer's state loaded from {@code torchState}, a PyTorch
     * {@code state_dict()} exported as {@code docs/checkpoints.md} shows ({@link TorchOptimizerState}),
     * in place of the trace's {@code state0}: the optimizer steps each of torch's parameters
     * ({@code 0.weight}, {@code 0.bias}, ...) as a view of the flat vector, in torch's order.
     */
    public static TrainReplayResult replay(TrainTrace trace, Backend backend, Path torchState) {
        OptimizerSpec rule = OptimizerSpecs.fromHyper(trace.optimizer(), trace.hyper());
        NetworkSpec spec = trace.spec();
        return replay(trace, backend, (x, g) -> {
            List<Parameter> params = new ArrayList<>();
            List<Tensor> order = new ArrayList<>();
            for (int k = 0; k < spec.parameterNames().size(); k++) {
                String name = spec.parameterNames().get(k);
                long at = spec.parameterOffsets()[k];
                long[] shape = spec.parameterShapes().get(k);
                Tensor p = backend.view(x, name, at, shape);
                params.add(new Parameter(p, backend.view(g, "grad of " + name, at, shape)));
                order.add(p);
            }
            Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(rule, params)).skipNonFinite(true).build();
            TorchOptimizerState.load(torchState, opt, order, HyperPolicy.REJECT);
            return opt;
        });
    }

    private static TrainReplayResult replay(TrainTrace trace, Backend backend,
            BiFunction<Tensor, Tensor, Optimizer> optimizer) {
        NetworkSpec spec = trace.spec();
        int n = spec.parameterCount();
        double worstLoss = 0;
        int worstStep = -1;
        float[] ours = new float[n];
        try (MultilayerPerceptron mlp = trace.classes() != null ? MultilayerPerceptron.classifier(spec, trace.classes())
                        : MultilayerPerceptron.regression(spec, trace.targets());
                Tensor x = backend.fromArray("params", trace.params0());
                Tensor g = backend.allocate("grads", DType.FLOAT32, n);
                Optimizer opt = optimizer.apply(x, g)) {
            for (int t = 0; t < trace.steps(); t++) {
                double loss = mlp.batchValueAndGradient(x, trace.batches().get(t), g);
                double e = NormalizedError.of(loss, trace.losses()[t], trace.lossRtol(), 0);
                if (e > worstLoss) {
                    worstLoss = e;
                    worstStep = t;
                }
                if (!opt.step(loss)) { // a non-finite gradient: the replay went wrong, it cannot go on
                    return new TrainReplayResult(Double.POSITIVE_INFINITY, t, Double.POSITIVE_INFINITY, null, -1);
                }
            }
            x.copyTo(ours);
        }
        double worstParam = 0;
        int worstAt = -1;
        for (int i = 0; i < n; i++) {
            double e = NormalizedError.of(ours[i], trace.params()[i], trace.rtol(), trace.atol());
            if (e > worstParam) {
                worstParam = e;
                worstAt = i;
            }
        }
        if (worstAt < 0) {
            return new TrainReplayResult(worstLoss, worstStep, 0, null, -1);
        }
        long[] offsets = spec.parameterOffsets();
        int k = offsets.length - 1;
        while (offsets[k] > worstAt) {
            k--;
        }
        return new TrainReplayResult(worstLoss, worstStep, worstParam, spec.parameterNames().get(k),
                (int) (worstAt - offsets[k]));
    }

    /**
     * Loads a resumed run's state into {@code opt}: each torch state tensor into the optimizer's state
     * slot of the same name (Descent's slots carry torch's names), the step count, and the scalars that
     * Descent keeps per group — SGD's "buffer started" (torch: a momentum_buffer exists), NAdam's
     * {@code mu_product} (given, or the product of the μ of the steps taken).
     */
    static void resume(Optimizer opt, Tensor param, OptimizerSpec rule, TrainTrace.ResumedState state) {
        Map<String, Tensor> slots = opt.state(param);
        for (Map.Entry<String, float[]> e : state.tensors().entrySet()) {
            Tensor slot = slots.get(e.getKey());
            if (slot == null) {
                throw new IllegalArgumentException(rule.name() + " (" + rule + ") has no state '" + e.getKey()
                        + "'; its states: " + slots.keySet());
            }
            slot.copyFrom(e.getValue());
        }
        opt.resume(state.step());
        if (rule instanceof Sgd && state.tensors().containsKey("momentum_buffer")) {
            opt.putGroupState(0, Sgd.MOMENTUM_BUFFER_STARTED, 1);
        }
        if (rule instanceof NAdam nadam) {
            double product = 1;
            for (long i = 1; i <= state.step(); i++) {
                product *= nadam.beta1() * (1 - 0.5 * Math.pow(0.96, i * nadam.momentumDecay()));
            }
            opt.putGroupState(0, NAdam.MU_PRODUCT, state.scalars().getOrDefault("mu_product", product));
        }
    }
}

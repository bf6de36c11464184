package dev.descent.verify;

import dev.descent.backend.Backend;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/** Replays a {@link Trace} on a backend: the trace's gradients in, its parameters compared after every step. */
public final class TraceReplay {
    private TraceReplay() {
    }

    /** Replays {@code trace} on {@code backend} and reports the worst normalized error. */
    public static ReplayResult replay(Trace trace, Backend backend) {
        int n = trace.params0().length;
        double worst = 0;
        int worstStep = -1;
        long worstIndex = -1;
        float[] ours = new float[n];
        try (Tensor param = backend.fromArray("params", trace.params0());
                Tensor grad = backend.allocate("grads", DType.FLOAT32, n);
                Optimizer opt = Optimizer.of(backend, OptimizerSpecs.fromHyper(trace.optimizer(), trace.hyper()),
                        new Parameter(param, grad))) {
            for (int t = 0; t < trace.steps(); t++) {
                grad.copyFrom(trace.grads().get(t));
                opt.step();
                param.copyTo(ours);
                float[] theirs = trace.params().get(t);
                for (int i = 0; i < n; i++) {
                    double e = NormalizedError.of(ours[i], theirs[i], trace.rtol(), trace.atol());
                    if (e > worst) {
                        worst = e;
                        worstStep = t;
                        worstIndex = i;
                    }
                }
            }
        }
        return new ReplayResult(worst, worstStep, worstIndex, worst <= 1);
    }
}

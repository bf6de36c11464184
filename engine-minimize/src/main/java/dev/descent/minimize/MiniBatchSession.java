package dev.descent.minimize;

import dev.descent.objective.MiniBatchSampler;
import dev.descent.objective.Objective;
import dev.descent.objective.StochasticObjective;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.Parameter;
import dev.descent.optim.Vsgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Optional;

/**
 * The state of one {@link MiniBatchTraining} run between epochs: on top of what every {@link
 * IterationSession} holds (whose iterate is the float32 parameter and whose gradient is the
 * full-batch one), the optimizer, the batch gradient, the sampler, vSGD's inputs and the epoch count.
 * One {@link #step()} is one epoch (one optimizer step in full-batch training): the stopping tests
 * apply between epochs, and the iteration count is the number of optimizer steps.
 */
final class MiniBatchSession extends IterationSession {

    private final MiniBatchTraining method;
    private final StochasticObjective stochastic; // null in full-batch training
    private final boolean fullBatch;
    private final boolean widened;
    private final Tensor parameter;
    private final Tensor batchGradient;
    private final Optimizer opt;
    private final VsgdInputs vsgd;
    private final MiniBatchSampler sampler;
    private int epoch;

    MiniBatchSession(MiniBatchTraining method, Objective objective, Tensor x, boolean recordTrajectory, Workspace ws,
            OptimizerSpec spec, StochasticObjective stochastic, boolean fullBatch) {
        super(method, objective, x, recordTrajectory, ws);
        this.method = method;
        this.stochastic = stochastic;
        this.fullBatch = fullBatch;
        this.widened = x.dtype() != DType.FLOAT32;
        parameter = widened ? ws.vector("parameter", DType.FLOAT32) : x;
        Tensor fullGradient = ws.vector("gradient", DType.FLOAT32);
        batchGradient = ws.vector("batch gradient", DType.FLOAT32);
        opt = ws.own(Optimizer.of(run.backend, spec, new Parameter(parameter, fullBatch ? fullGradient : batchGradient)));
        vsgd = spec instanceof Vsgd v
                ? ws.own(new VsgdInputs(v, run, fullBatch ? null : stochastic, opt.state(parameter), parameter)) : null;
        if (widened) {
            parameter.copyFrom(x.toDoubleArray());
        }
        sampler = fullBatch ? null : stochastic.sampler(method.batchSize(), method.seed());
        begin(parameter, fullGradient);
    }

    /** One epoch, then f and ∇f on all examples; after the last epoch, the end of the run. */
    @Override
    Optional<MinimizeResult> iterate() {
        if (epoch == method.epochs()) {
            return finish(StopReason.EPOCHS_DONE, method.epochs() + " epoch" + (method.epochs() == 1 ? "" : "s") + " of "
                    + (fullBatch ? "full-batch steps" : sampler.batchesPerEpoch() + " batches of " + method.batchSize())
                    + " done with ‖g‖∞ = " + Run.fmt(b.maxAbs(g)));
        }
        Run.Stop stop = fullBatch ? fullBatchStep() : epochOfBatches();
        epoch++;
        f = run.evaluate(parameter, g);
        run.record(f, parameter);
        return stop == null ? Optional.empty() : finish(run.finish(k, f, g, stop));
    }

    /** The gradient at the current point is the full one just evaluated: step on it. */
    private Run.Stop fullBatchStep() {
        if (vsgd != null) {
            vsgd.fill(parameter, null, g, k);
        }
        opt.step(f);
        k++;
        return null;
    }

    /** A pass over the batches of one permutation, up to the iteration limit; a non-finite batch ends it. */
    private Run.Stop epochOfBatches() {
        for (int j = 0; j < sampler.batchesPerEpoch() && k < run.maxIterations(); j++) {
            int[] batch = sampler.next();
            double loss = run.evaluateBatch(stochastic, parameter, batch, batchGradient);
            if (!Double.isFinite(loss) || b.hasNonFinite(batchGradient)) {
                return new Run.Stop(StopReason.NON_FINITE, "mini-batch loss = " + loss + ", ‖g_B‖∞ = "
                        + b.maxAbs(batchGradient) + " at step " + (k + 1) + " (epoch " + (epoch + 1) + ")");
            }
            if (vsgd != null) {
                vsgd.fill(parameter, batch, batchGradient, k);
            }
            opt.step(loss);
            k++;
        }
        return null;
    }

    /** A float64 starting point gets the float32 parameter widened back. */
    @Override
    void writeBack(Tensor start) {
        if (widened) {
            start.copyFrom(parameter.toDoubleArray());
        }
    }
}

package dev.descent.minimize;

import dev.descent.objective.Objective;
import dev.descent.objective.StochasticObjective;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.Vsgd;
import dev.descent.optim.VsgdCurvature;
import dev.descent.tensor.Tensor;

/**
 * Training with a first-order optimizer of {@link dev.descent.optim} (SGD, Adam, ... with torch.optim's
 * float32 rules) on mini-batches: each step evaluates the gradient of one batch from a seeded {@link
 * dev.descent.objective.MiniBatchSampler} and calls {@link dev.descent.optim.Optimizer#step(double)} with
 * the batch's loss; {@code epochs} passes over the data are made, each a fresh permutation cut into batches of {@code batchSize}
 * (the last one shorter when it does not divide m), epoch e's permutation a function of {@code (seed, e)} alone
 * (see {@link dev.descent.objective.MiniBatchSampler#epochSeed}). A batch size of 1 is online learning; {@link
 * #ALL} (or m) is full-batch learning, where every step is a step of the optimizer on the exact
 * gradient — for SGD without momentum, gradient descent. An objective that is not a {@link
 * StochasticObjective} (Rosenbrock, a quadratic) can only be trained full-batch: an epoch is then
 * one step.
 *
 * <p>Stopping: after every epoch (in full-batch training, every step, whose gradient is the full one
 * already) the full-batch value and gradient are evaluated and {@link Stopping}'s tests applied —
 * {@code ‖∇f‖∞ ≤ gtol}, the relative test if set, and the step limit {@code maxIterations} (checked
 * after every step). A run that does none of these ends with {@link StopReason#EPOCHS_DONE}; a
 * non-finite batch loss or gradient with {@link StopReason#NON_FINITE}. The result counts steps as
 * iterations and every call of the objective, mini-batch or full, as one function and one gradient
 * evaluation; its value and gradient norm are the full-batch ones at the final point, and the
 * trajectory holds the full-batch value at the start and after every epoch.
 *
 * <p>The optimizers' kernels are float32 (torch.optim's rules): a float64 {@code x} is rounded to a
 * float32 parameter on the same backend for the run and the result widened back into it, one host
 * round trip each way per run. Nothing else leaves the backend except the batch indices.
 *
 * <p>{@link Vsgd} (vSGD-l and vSGD-fd) is trained the same way, with its caller-supplied inputs filled
 * before each step by {@link VsgdInputs}: the objective's diagonal curvature (vSGD-l, which therefore
 * needs an objective that has one) or a finite difference of two gradients of the batch (vSGD-fd),
 * and, for batches of more than one example, the per-example squared gradients of its mini-batch
 * correction, whose batch size is set to this run's. Those extra gradient evaluations are counted.
 *
 * @param optimizer the optimizer and its hyper-parameters
 * @param batchSize examples per step, ≥ 1, or {@link #ALL}
 * @param epochs passes over the data, ≥ 1
 * @param seed the seed of the batch permutations
 * @param stopping when to stop before the epochs are done
 */
public record MiniBatchTraining(OptimizerSpec optimizer, int batchSize, int epochs, long seed, Stopping stopping)
        implements Minimizer {

    /** The batch size that means every example: full-batch training. */
    public static final int ALL = 0;

    public MiniBatchTraining {
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer must be given");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size = " + batchSize + " is invalid: must be ≥ 1 (or "
                    + ALL + " for all examples)");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs = " + epochs + " is invalid: must be ≥ 1");
        }
        if (stopping == null) {
            throw new IllegalArgumentException("stopping must be given");
        }
    }

    /**
     * {@code optimizer} for {@code epochs} epochs of batches of {@code batchSize}, stopping early only
     * on SciPy's {@code gtol} (no step limit: the epochs are the limit).
     */
    public static MiniBatchTraining of(OptimizerSpec optimizer, int batchSize, int epochs, long seed) {
        return new MiniBatchTraining(optimizer, batchSize, epochs, seed,
                Stopping.defaults().withMaxIterations(Integer.MAX_VALUE));
    }

    public MiniBatchTraining withOptimizer(OptimizerSpec optimizer) {
        return new MiniBatchTraining(optimizer, batchSize, epochs, seed, stopping);
    }

    public MiniBatchTraining withBatchSize(int batchSize) {
        return new MiniBatchTraining(optimizer, batchSize, epochs, seed, stopping);
    }

    public MiniBatchTraining withEpochs(int epochs) {
        return new MiniBatchTraining(optimizer, batchSize, epochs, seed, stopping);
    }

    public MiniBatchTraining withSeed(long seed) {
        return new MiniBatchTraining(optimizer, batchSize, epochs, seed, stopping);
    }

    @Override
    public MiniBatchTraining withStopping(Stopping stopping) {
        return new MiniBatchTraining(optimizer, batchSize, epochs, seed, stopping);
    }

    /** The optimizer's name ({@code sgd}, {@code adam}, ...; {@code vsgd-fd} for vSGD's finite-difference variant). */
    @Override
    public String name() {
        return optimizer instanceof Vsgd v && v.variant() == VsgdCurvature.FINITE_DIFFERENCE ? "vsgd-fd"
                : optimizer.name();
    }

    /**
     * {@inheritDoc} One {@link MinimizerSession#step()} of mini-batch training is one epoch (one step
     * in full-batch training); {@link MinimizerSession#iterations()} counts the optimizer's steps.
     * Also if the objective has no mini-batches and the batch size is not {@link #ALL}, or the batch
     * is larger than the data, or vSGD-l is asked of an objective without a diagonal curvature.
     */
    @Override
    public MinimizerSession start(Objective objective, Tensor x, boolean recordTrajectory) {
        StochasticObjective stochastic = objective instanceof StochasticObjective s ? s : null;
        int examples = stochastic == null ? 1 : stochastic.exampleCount();
        if (stochastic == null && batchSize != ALL) {
            throw new IllegalArgumentException(name() + ": problem '" + objective.name()
                    + "' is not a mean over examples, so it has no mini-batches; train it full-batch (batch size all)");
        }
        if (batchSize > examples) {
            throw new IllegalArgumentException(name() + ": batch size = " + batchSize + " is invalid: problem '"
                    + objective.name() + "' has " + examples + " examples");
        }
        boolean fullBatch = batchSize == ALL || batchSize == examples;
        OptimizerSpec spec = optimizer instanceof Vsgd v
                ? VsgdInputs.forBatches(v, objective, fullBatch ? 1 : batchSize) : optimizer;
        return IterationSession.open(this, x,
                ws -> new MiniBatchSession(this, objective, x, recordTrajectory, ws, spec, stochastic, fullBatch));
    }
}

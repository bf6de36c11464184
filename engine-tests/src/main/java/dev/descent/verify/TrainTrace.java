package dev.descent.verify;

import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.network.NetworkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code descent-train-trace/1} file: a multilayer perceptron trained by PyTorch with a
 * {@code torch.optim} optimizer on recorded mini-batches (see {@code TRAIN-FORMAT.md}). Parameter
 * vectors are flat: each tensor row-major, concatenated in {@code state_dict()} order
 * ({@link NetworkSpec#parameterNames()}).
 *
 * @param file where it was read from
 * @param source who produced the numbers
 * @param spec the network: layers, activation, loss
 * @param classes the examples with class labels ({@code cross_entropy}), else null
 * @param targets the examples with target vectors ({@code mse}), else null
 * @param optimizer torch.optim's name
 * @param hyper hyper-parameters, torch-named
 * @param params0 the parameters before the first step
 * @param state0 the optimizer's state before the first step, for a resumed run, else null
 * @param batches the example indices of each step
 * @param losses the mini-batch loss of each step, before its update
 * @param params the parameters after the last step
 * @param rtol relative tolerance per final parameter
 * @param atol absolute tolerance per final parameter
 * @param lossRtol relative tolerance per loss
 */
public record TrainTrace(Path file, String source, NetworkSpec spec, ClassificationData classes, RegressionData targets,
        String optimizer, Map<String, Object> hyper, float[] params0, ResumedState state0, List<int[]> batches,
        double[] losses, float[] params, double rtol, double atol, double lossRtol) implements RecordedRun {

    @Override
    public int steps() {
        return batches.size();
    }

    /**
     * The optimizer state of a run resumed after {@code step} steps: per torch state name
     * ({@code exp_avg}, {@code momentum_buffer}, ...), a flat parameter-shaped vector.
     *
     * @param step the steps already taken
     * @param tensors state name → flat values, every parameter's in {@code state_dict()} order
     * @param scalars per-parameter scalars other than {@code step} that torch keeps (NAdam's
     *     {@code mu_product}), the same for every parameter
     */
    public record ResumedState(long step, Map<String, float[]> tensors, Map<String, Double> scalars) {
    }
}

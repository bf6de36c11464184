package dev.descent.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code descent-trace/1} file: an optimizer run recorded by an outside reference (PyTorch).
 *
 * @param file where it was read from
 * @param source who produced the numbers
 * @param optimizer torch.optim's name
 * @param hyper hyper-parameters, torch-named
 * @param params0 the parameters before the first step
 * @param grads the gradient of each step
 * @param params the parameters after each step
 * @param rtol relative tolerance per element
 * @param atol absolute tolerance per element
 */
public record Trace(Path file, String source, String optimizer, Map<String, Object> hyper, float[] params0,
        List<float[]> grads, List<float[]> params, double rtol, double atol) implements RecordedRun {

    @Override
    public int steps() {
        return grads.size();
    }
}

package dev.descent.testing;

import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import java.util.Map;

/**
 * A named set of torch-named hyper-parameters for one optimizer, used by the agreement checks.
 *
 * @param optimizer torch.optim's name
 * @param label a short description ("amsgrad, wd 0.01")
 * @param hyper the hyper-parameters over the defaults
 */
public record HyperCase(String optimizer, String label, Map<String, Object> hyper) {

    /** The spec these hyper-parameters build ({@link OptimizerSpecs#fromHyper}). */
    public OptimizerSpec spec() {
        return OptimizerSpecs.fromHyper(optimizer, hyper);
    }

    @Override
    public String toString() {
        return optimizer + "(" + label + ")";
    }
}

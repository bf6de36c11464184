package dev.descent.optim;

import java.util.List;

/**
 * What loading a checkpoint into an optimizer did: the step count it continues from, and the
 * hyper-parameters that differed and which of them won.
 *
 * @param stepCount the steps the checkpointed run had taken; the next step is {@code stepCount + 1}
 * @param differences every hyper-parameter whose value in the checkpoint differed from the optimizer's
 * @param policy which side's values the optimizer has now
 */
public record CheckpointLoad(long stepCount, List<HyperDifference> differences, HyperPolicy policy) {

    public CheckpointLoad {
        differences = List.copyOf(differences);
    }

    /** True if the checkpoint's hyper-parameters equal the optimizer's. */
    public boolean hyperParametersAgree() {
        return differences.isEmpty();
    }
}

package dev.descent.optim;

/**
 * Which hyper-parameters win when a checkpoint's differ from those of the optimizer it is loaded into
 * ({@link OptimizerCheckpoint#restore}); every difference is reported in the {@link CheckpointLoad}.
 */
public enum HyperPolicy {
    /** The optimizer keeps its own hyper-parameters (a run resumed with a changed learning rate, say). */
    KEEP_OPTIMIZER,
    /** The checkpoint's hyper-parameters replace the optimizer's ({@link Optimizer#setSpec}), as torch's {@code load_state_dict} does. */
    USE_CHECKPOINT,
    /** Any difference is an error, and nothing is loaded. */
    REJECT
}

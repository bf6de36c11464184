package dev.descent.verify;

import java.nio.file.Path;

/** A run recorded by PyTorch that a backend replays: an optimizer trace or a training trace. */
public sealed interface RecordedRun permits Trace, TrainTrace {

    /** Where it was read from. */
    Path file();

    /** torch.optim's name of the optimizer. */
    String optimizer();

    /** The number of steps recorded. */
    int steps();
}

package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.Objects;

/**
 * A trainable tensor and the tensor its gradient is written to, both owned by the caller. The
 * caller fills {@code grad} before each {@link Optimizer#step()}; the optimizer updates {@code param}
 * in place and never writes {@code grad}.
 */
public record Parameter(Tensor param, Tensor grad) {
    public Parameter {
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(grad, "grad");
    }
}

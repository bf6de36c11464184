package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.function.Function;

/**
 * One parameter tensor, its gradient and an optimizer over them on a fresh reference backend: the
 * fixture of the single-tensor tests.
 */
final class Trial implements AutoCloseable {
    final Backend backend = new ReferenceBackend();
    final Tensor param;
    final Tensor grad;
    final Optimizer optimizer;

    /** An optimizer with one constant-rate group holding one parameter that starts at {@code p0}. */
    Trial(OptimizerSpec spec, float... p0) {
        this(p -> ParamGroup.of(spec, p), p0);
    }

    /** An optimizer whose single group (schedules included) is made by {@code group}. */
    Trial(Function<Parameter, ParamGroup> group, float... p0) {
        param = backend.fromArray("w", p0);
        grad = backend.allocate("dw", DType.FLOAT32, p0.length);
        optimizer = Optimizer.builder(backend).group(group.apply(new Parameter(param, grad))).build();
    }

    /** Sets the gradient to {@code g}, steps, and returns the parameter. */
    float[] step(float... g) {
        grad.copyFrom(g);
        assertTrue(optimizer.step(), "the step was applied");
        return param.toFloatArray();
    }

    /** Sets the gradient to {@code g}, steps with {@code loss}, and returns the parameter. */
    float[] stepWithLoss(double loss, float... g) {
        grad.copyFrom(g);
        assertTrue(optimizer.step(loss), "the step was applied");
        return param.toFloatArray();
    }

    /** The current values of the state tensor called {@code name}. */
    float[] state(String name) {
        Tensor t = optimizer.state(param).get(name);
        if (t == null) {
            throw new AssertionError("no state '" + name + "'; the optimizer keeps " + optimizer.state(param).keySet());
        }
        return t.toFloatArray();
    }

    @Override
    public void close() {
        optimizer.close();
        param.close();
        grad.close();
    }
}

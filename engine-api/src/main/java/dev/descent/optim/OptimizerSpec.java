package dev.descent.optim;

import dev.descent.backend.ParameterSlots;
import java.util.List;
import java.util.OptionalDouble;

/**
 * An optimizer's hyper-parameters (validated when built) together with its host-side rule: which
 * state it keeps and how one step's scalars follow from the hyper-parameters and the step count.
 * The elementwise update itself is the backend's kernel.
 *
 * <p>Implementations are immutable records named after torch.optim ({@link Sgd}, {@link Adam}, ...).
 */
public interface OptimizerSpec {

    /** torch.optim's lower-case name ({@code sgd}, {@code adam}, ...; {@code gains} for local gains). */
    String name();

    /** The learning rate. */
    double lr();

    /** The same spec with another learning rate (validated). */
    OptimizerSpec withLr(double lr);

    /**
     * The momentum-like hyper-parameter (SGD's and RMSprop's {@code momentum}, Adam's β1, ...), or
     * empty for optimizers without one. Not called {@code momentum()} because that is the accessor of
     * the records whose torch parameter is named {@code momentum} ({@link Sgd}, {@link RmsProp}).
     */
    OptionalDouble momentumLike();

    /**
     * The same spec with another momentum-like value (validated); throws
     * {@link IllegalArgumentException} for optimizers without one.
     */
    OptimizerSpec withMomentum(double momentum);

    /** The per-parameter state tensors, in a fixed order. */
    List<StateSpec> state();

    /** Whether {@link #step} needs the loss ({@link Optimizer#step(double)}); only iRprop+ does. */
    default boolean needsLoss() {
        return false;
    }

    /** Runs one step on {@code params}: computes the scalars and calls the backend's kernel. */
    void step(StepContext context, List<ParameterSlots> params);

    /** The exception for {@link #withMomentum} on an optimizer without a momentum-like parameter. */
    static IllegalArgumentException noMomentum(String optimizer) {
        return new IllegalArgumentException(optimizer + " has no momentum-like hyper-parameter to schedule");
    }
}

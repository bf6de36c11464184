package dev.descent.optim;

import dev.descent.optim.schedule.LearningRateSchedule;
import dev.descent.optim.schedule.MomentumSchedule;
import java.util.List;
import java.util.Objects;

/**
 * Parameters that share hyper-parameters and schedules (torch's param group).
 *
 * @param spec the optimizer and its hyper-parameters
 * @param params the parameters, each with its gradient
 * @param lrSchedule the learning rate per step, from {@code spec.lr()}
 * @param momentumSchedule the momentum-like value per step, or null to keep the spec's
 */
public record ParamGroup(OptimizerSpec spec, List<Parameter> params, LearningRateSchedule lrSchedule,
        MomentumSchedule momentumSchedule) {

    public ParamGroup {
        Objects.requireNonNull(spec, "spec");
        params = List.copyOf(params);
        Objects.requireNonNull(lrSchedule, "lrSchedule");
        if (momentumSchedule != null && spec.momentumLike().isEmpty()) {
            throw OptimizerSpec.noMomentum(spec.name());
        }
    }

    /** A group with a constant learning rate and no momentum schedule. */
    public static ParamGroup of(OptimizerSpec spec, Parameter... params) {
        return new ParamGroup(spec, List.of(params), LearningRateSchedule.constant(), null);
    }

    /** A group with a constant learning rate and no momentum schedule. */
    public static ParamGroup of(OptimizerSpec spec, List<Parameter> params) {
        return new ParamGroup(spec, params, LearningRateSchedule.constant(), null);
    }

    /** This group with another spec (the same schedules; throws as the constructor does). */
    public ParamGroup withSpec(OptimizerSpec spec) {
        return new ParamGroup(spec, params, lrSchedule, momentumSchedule);
    }

    /** This group with a learning-rate schedule. */
    public ParamGroup withLrSchedule(LearningRateSchedule schedule) {
        return new ParamGroup(spec, params, schedule, momentumSchedule);
    }

    /** This group with a momentum schedule (throws for optimizers without a momentum-like parameter). */
    public ParamGroup withMomentumSchedule(MomentumSchedule schedule) {
        return new ParamGroup(spec, params, lrSchedule, schedule);
    }

    /** The spec in effect at {@code step} (0-based): the schedules applied, validated. */
    OptimizerSpec specAt(long step) {
        OptimizerSpec s = spec.withLr(lrSchedule.lr(spec.lr(), step));
        if (momentumSchedule != null) {
            s = s.withMomentum(momentumSchedule.momentum(spec.momentumLike().orElseThrow(), step));
        }
        return s;
    }
}

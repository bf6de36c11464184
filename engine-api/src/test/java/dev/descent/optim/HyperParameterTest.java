package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.descent.kernel.RpropVariant;
import dev.descent.optim.schedule.MomentumSchedule;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hyper-parameter records: validation messages, torch's defaults, withers, momentum access, state. */
class HyperParameterTest {

    static Stream<Arguments> invalidHyperParameters() {
        return Stream.of(
                bad(() -> Sgd.defaults().withLr(-0.1), "lr = -0.1 is invalid: must be in [0, ∞)"),
                bad(() -> Sgd.defaults().withLr(Double.NaN), "lr = NaN is invalid: must be in [0, ∞)"),
                bad(() -> Sgd.defaults().withLr(Double.POSITIVE_INFINITY), "lr = Infinity is invalid: must be in [0, ∞)"),
                bad(() -> Sgd.defaults().withMomentum(-0.5), "momentum = -0.5 is invalid: must be in [0, ∞)"),
                bad(() -> Sgd.defaults().withDampening(1.5), "dampening = 1.5 is invalid: must be in [0, 1]"),
                bad(() -> Sgd.defaults().withWeightDecay(-1), "weight_decay = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> Sgd.defaults().withNesterov(true),
                        "nesterov = true is invalid with momentum = 0.0 and dampening = 0.0: Nesterov momentum needs "
                                + "momentum > 0 and dampening = 0"),
                bad(() -> Sgd.defaults().withMomentum(0.9).withDampening(0.1).withNesterov(true),
                        "nesterov = true is invalid with momentum = 0.9 and dampening = 0.1: Nesterov momentum needs "
                                + "momentum > 0 and dampening = 0"),

                bad(() -> Adam.defaults().withBetas(1.0, 0.999), "beta1 = 1.0 is invalid: must be in [0, 1)"),
                bad(() -> Adam.defaults().withBetas(0.9, -0.1), "beta2 = -0.1 is invalid: must be in [0, 1)"),
                bad(() -> Adam.defaults().withEps(0), "eps = 0.0 is invalid: must be in (0, ∞)"),
                bad(() -> Adam.defaults().withWeightDecay(-0.01), "weight_decay = -0.01 is invalid: must be in [0, ∞)"),
                bad(() -> AdamW.defaults().withMomentum(1.5), "beta1 = 1.5 is invalid: must be in [0, 1)"),
                bad(() -> AdamW.defaults().withEps(-1e-8), "eps = -1.0E-8 is invalid: must be in (0, ∞)"),
                bad(() -> AdamW.defaults().withWeightDecay(Double.NaN), "weight_decay = NaN is invalid: must be in [0, ∞)"),

                bad(() -> Adagrad.defaults().withLr(-1), "lr = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> Adagrad.defaults().withLrDecay(-0.1), "lr_decay = -0.1 is invalid: must be in [0, ∞)"),
                bad(() -> Adagrad.defaults().withWeightDecay(-1), "weight_decay = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> Adagrad.defaults().withInitialAccumulatorValue(-0.5),
                        "initial_accumulator_value = -0.5 is invalid: must be in [0, ∞)"),
                bad(() -> Adagrad.defaults().withEps(0), "eps = 0.0 is invalid: must be in (0, ∞)"),

                bad(() -> Adadelta.defaults().withLr(-1), "lr = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> Adadelta.defaults().withRho(1.5), "rho = 1.5 is invalid: must be in [0, 1]"),
                bad(() -> Adadelta.defaults().withRho(-0.1), "rho = -0.1 is invalid: must be in [0, 1]"),
                bad(() -> Adadelta.defaults().withEps(0), "eps = 0.0 is invalid: must be in (0, ∞)"),
                bad(() -> Adadelta.defaults().withWeightDecay(-1), "weight_decay = -1.0 is invalid: must be in [0, ∞)"),

                bad(() -> RmsProp.defaults().withLr(-1), "lr = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> RmsProp.defaults().withAlpha(1.01), "alpha = 1.01 is invalid: must be in [0, 1]"),
                bad(() -> RmsProp.defaults().withAlpha(-0.5), "alpha = -0.5 is invalid: must be in [0, 1]"),
                bad(() -> RmsProp.defaults().withEps(0), "eps = 0.0 is invalid: must be in (0, ∞)"),
                bad(() -> RmsProp.defaults().withWeightDecay(-1), "weight_decay = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> RmsProp.defaults().withMomentum(-0.9), "momentum = -0.9 is invalid: must be in [0, ∞)"),

                bad(() -> Rprop.defaults().withLr(0), "lr = 0.0 is invalid: must be in (0, ∞)"),
                bad(() -> Rprop.defaults().withEtas(1.5, 1.2), "etas[0] (eta_minus) = 1.5 is invalid: must be in (0, 1)"),
                bad(() -> Rprop.defaults().withEtas(0, 1.2), "etas[0] (eta_minus) = 0.0 is invalid: must be in (0, 1)"),
                bad(() -> Rprop.defaults().withEtas(0.5, 1.0), "etas[1] (eta_plus) = 1.0 is invalid: must be in (1, ∞)"),
                bad(() -> Rprop.defaults().withStepSizes(-1e-6, 50),
                        "step_sizes[0] (step_size_min) = -1.0E-6 is invalid: must be in [0, ∞)"),
                bad(() -> Rprop.defaults().withStepSizes(0, Double.NaN),
                        "step_sizes[1] (step_size_max) = NaN is invalid: must be in [0, ∞)"),
                bad(() -> Rprop.defaults().withStepSizes(2, 1),
                        "step_sizes[0] (step_size_min) = 2.0 is invalid: must be ≤ step_sizes[1] (step_size_max) = 1.0"),

                bad(() -> NAdam.defaults().withLr(-1), "lr = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> NAdam.defaults().withBetas(1.0, 0.999), "beta1 = 1.0 is invalid: must be in [0, 1)"),
                bad(() -> NAdam.defaults().withBetas(0.9, 1.5), "beta2 = 1.5 is invalid: must be in [0, 1)"),
                bad(() -> NAdam.defaults().withEps(0), "eps = 0.0 is invalid: must be in (0, ∞)"),
                bad(() -> NAdam.defaults().withWeightDecay(-1), "weight_decay = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> NAdam.defaults().withMomentumDecay(-4e-3), "momentum_decay = -0.004 is invalid: must be in [0, ∞)"),

                bad(() -> Adamax.defaults().withLr(-1), "lr = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> Adamax.defaults().withBetas(-0.1, 0.999), "beta1 = -0.1 is invalid: must be in [0, 1)"),
                bad(() -> Adamax.defaults().withBetas(0.9, 1.0), "beta2 = 1.0 is invalid: must be in [0, 1)"),
                bad(() -> Adamax.defaults().withEps(0), "eps = 0.0 is invalid: must be in (0, ∞)"),
                bad(() -> Adamax.defaults().withWeightDecay(-1), "weight_decay = -1.0 is invalid: must be in [0, ∞)"),

                bad(() -> Gains.defaults().withLr(-1), "lr = -1.0 is invalid: must be in [0, ∞)"),
                bad(() -> Gains.defaults().withDelta(0), "delta = 0.0 is invalid: must be in (0, 1)"),
                bad(() -> Gains.defaults().withDelta(1), "delta = 1.0 is invalid: must be in (0, 1)"),
                bad(() -> Gains.defaults().withMinGain(0), "min_gain = 0.0 is invalid: must be in (0, 1]"),
                bad(() -> Gains.defaults().withMinGain(1.5), "min_gain = 1.5 is invalid: must be in (0, 1]"),
                bad(() -> Gains.defaults().withMaxGain(0.5), "max_gain = 0.5 is invalid: must be in [1, ∞)"),
                bad(() -> Gains.defaults().withMaxGain(Double.POSITIVE_INFINITY),
                        "max_gain = Infinity is invalid: must be in [1, ∞)"),
                bad(() -> Gains.defaults().withMomentum(-0.1), "momentum = -0.1 is invalid: must be in [0, ∞)"),
                bad(() -> Gains.defaults().withWeightDecay(-1), "weight_decay = -1.0 is invalid: must be in [0, ∞)"));
    }

    private static Arguments bad(Supplier<OptimizerSpec> build, String message) {
        return arguments(message, build);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHyperParameters")
    void invalidValueIsRejectedNamingParameterValueAndRange(String message, Supplier<OptimizerSpec> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void rpropRejectsMissingVariant() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Rprop.defaults().withVariant(null));
        assertEquals("variant", e.getMessage());
    }

    @Test
    void boundaryValuesTorchAllowsAreAccepted() {
        // torch allows a minimum step size of 0, rho and alpha of 0 and 1, and a gain range of exactly [1, 1].
        assertEquals(0, Rprop.defaults().withStepSizes(0, 0).stepSizeMax());
        assertEquals(1, Adadelta.defaults().withRho(1).rho());
        assertEquals(0, RmsProp.defaults().withAlpha(0).alpha());
        assertEquals(1, Gains.defaults().withMinGain(1).withMaxGain(1).maxGain());
        assertEquals(0, Sgd.defaults().withLr(0).lr());
    }

    static Stream<Arguments> defaults() {
        return Stream.of(
                arguments(Sgd.defaults(), "sgd", 1e-3, OptionalDouble.of(0)),
                arguments(Adam.defaults(), "adam", 1e-3, OptionalDouble.of(0.9)),
                arguments(AdamW.defaults(), "adamw", 1e-3, OptionalDouble.of(0.9)),
                arguments(Adagrad.defaults(), "adagrad", 1e-2, OptionalDouble.empty()),
                arguments(Adadelta.defaults(), "adadelta", 1.0, OptionalDouble.empty()),
                arguments(RmsProp.defaults(), "rmsprop", 1e-2, OptionalDouble.of(0)),
                arguments(Rprop.defaults(), "rprop", 1e-2, OptionalDouble.empty()),
                arguments(NAdam.defaults(), "nadam", 2e-3, OptionalDouble.of(0.9)),
                arguments(Adamax.defaults(), "adamax", 2e-3, OptionalDouble.of(0.9)),
                arguments(Gains.defaults(), "gains", 1e-2, OptionalDouble.of(0)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("defaults")
    void defaultsCarryTorchNameLearningRateAndMomentum(OptimizerSpec spec, String name, double lr,
            OptionalDouble momentum) {
        assertEquals(name, spec.name());
        assertEquals(lr, spec.lr());
        assertEquals(momentum, spec.momentumLike());
        assertEquals(0.25, spec.withLr(0.25).lr());
        assertEquals(spec, spec.withLr(spec.lr()), "withLr changes nothing else");
        if (momentum.isPresent()) {
            assertEquals(OptionalDouble.of(0.5), spec.withMomentum(0.5).momentumLike());
            assertEquals(spec, spec.withMomentum(momentum.getAsDouble()), "withMomentum changes nothing else");
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.withMomentum(0.5));
            assertEquals(name + " has no momentum-like hyper-parameter to schedule", e.getMessage());
            IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                    () -> ParamGroup.of(spec).withMomentumSchedule(MomentumSchedule.course(10)));
            assertEquals(name + " has no momentum-like hyper-parameter to schedule", g.getMessage());
        }
        assertFalse(spec.needsLoss(), "only iRprop+ needs the loss");
    }

    @Test
    void defaultsAreTorchs() {
        assertEquals(new Adagrad(1e-2, 0, 0, 0, 1e-10, false), Adagrad.defaults());
        assertEquals(new Adadelta(1.0, 0.9, 1e-6, 0, false), Adadelta.defaults());
        assertEquals(new RmsProp(1e-2, 0.99, 1e-8, 0, 0, false, false), RmsProp.defaults());
        assertEquals(new Rprop(1e-2, 0.5, 1.2, 1e-6, 50, RpropVariant.IRPROP_MINUS, false), Rprop.defaults());
        assertEquals(new NAdam(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3, false), NAdam.defaults());
        assertEquals(new Adamax(2e-3, 0.9, 0.999, 1e-8, 0, false), Adamax.defaults());
        assertEquals(new Gains(1e-2, 0.05, 0.1, 10, 0, false, 0, false), Gains.defaults());
    }

    @Test
    void withersSetExactlyTheirParameter() {
        assertEquals(new Adagrad(0.5, 0.1, 0.2, 0.3, 1e-6, true), Adagrad.defaults().withLr(0.5).withLrDecay(0.1)
                .withWeightDecay(0.2).withInitialAccumulatorValue(0.3).withEps(1e-6).withMaximize(true));
        assertEquals(new Adadelta(0.5, 0.8, 1e-5, 0.2, true),
                Adadelta.defaults().withLr(0.5).withRho(0.8).withEps(1e-5).withWeightDecay(0.2).withMaximize(true));
        assertEquals(new RmsProp(0.5, 0.9, 1e-6, 0.2, 0.7, true, true), RmsProp.defaults().withLr(0.5).withAlpha(0.9)
                .withEps(1e-6).withWeightDecay(0.2).withMomentum(0.7).withCentered(true).withMaximize(true));
        assertEquals(new Rprop(0.5, 0.3, 1.5, 1e-3, 2, RpropVariant.RPROP_PLUS, true), Rprop.defaults().withLr(0.5)
                .withEtas(0.3, 1.5).withStepSizes(1e-3, 2).withVariant(RpropVariant.RPROP_PLUS).withMaximize(true));
        assertEquals(new NAdam(0.5, 0.8, 0.99, 1e-6, 0.2, 0.01, true), NAdam.defaults().withLr(0.5)
                .withBetas(0.8, 0.99).withEps(1e-6).withWeightDecay(0.2).withMomentumDecay(0.01).withMaximize(true));
        assertEquals(new Adamax(0.5, 0.8, 0.99, 1e-6, 0.2, true), Adamax.defaults().withLr(0.5).withBetas(0.8, 0.99)
                .withEps(1e-6).withWeightDecay(0.2).withMaximize(true));
        assertEquals(new Gains(0.5, 0.1, 0.2, 5, 0.9, true, 0.2, true), Gains.defaults().withLr(0.5).withDelta(0.1)
                .withMinGain(0.2).withMaxGain(5).withMomentum(0.9).withCompareWithVelocity(true).withWeightDecay(0.2)
                .withMaximize(true));
    }

    @Test
    void stateNamesAndInitialValuesAreTorchs() {
        assertEquals(List.of(new StateSpec("sum", 0.25f)), Adagrad.defaults().withInitialAccumulatorValue(0.25).state());
        assertEquals(List.of(new StateSpec("square_avg", 0f), new StateSpec("acc_delta", 0f)),
                Adadelta.defaults().state());
        assertEquals(List.of(new StateSpec("square_avg", 0f), new StateSpec("momentum_buffer", 0f),
                new StateSpec("grad_avg", 0f)), RmsProp.defaults().state());
        assertEquals(List.of(new StateSpec("prev", 0f), new StateSpec("step_size", 0.05f)),
                Rprop.defaults().withLr(0.05).state());
        assertEquals(List.of(new StateSpec("prev", 0f), new StateSpec("step_size", 0.01f)),
                Rprop.defaults().withVariant(RpropVariant.RPROP_MINUS).state());
        for (RpropVariant v : List.of(RpropVariant.RPROP_PLUS, RpropVariant.IRPROP_PLUS)) {
            assertEquals(List.of(new StateSpec("prev", 0f), new StateSpec("step_size", 0.01f),
                    new StateSpec("prev_update", 0f)), Rprop.defaults().withVariant(v).state(), v.label());
        }
        assertEquals(List.of(new StateSpec("exp_avg", 0f), new StateSpec("exp_avg_sq", 0f)), NAdam.defaults().state());
        assertEquals(List.of(new StateSpec("exp_avg", 0f), new StateSpec("exp_inf", 0f)), Adamax.defaults().state());
        assertEquals(List.of(new StateSpec("gain", 1f), new StateSpec("prev_grad", 0f), new StateSpec("velocity", 0f)),
                Gains.defaults().state());
    }

    @Test
    void onlyIrpropPlusNeedsTheLoss() {
        for (RpropVariant v : RpropVariant.values()) {
            assertEquals(v == RpropVariant.IRPROP_PLUS, Rprop.defaults().withVariant(v).needsLoss(), v.label());
        }
    }

    @Test
    void rpropVariantLabelsRoundTrip() {
        for (RpropVariant v : RpropVariant.values()) {
            assertEquals(v, RpropVariant.fromLabel(v.label().toUpperCase(java.util.Locale.ROOT)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RpropVariant.fromLabel("rprop"));
        assertTrue(e.getMessage().contains("'rprop' is not one of rprop+, rprop-, irprop-, irprop+"), e.getMessage());
    }
}

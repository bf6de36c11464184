package dev.descent.testing;

import dev.descent.optim.OptimizerSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hyper-parameter sets every backend is checked on, in one place for every backend's tests and
 * {@code descent verify}: for each optimizer its defaults, each option that changes the code path
 * (momentum, nesterov, amsgrad, centered, the Rprop variants, velocity comparison, vSGD's variants,
 * mini-batches and outlier test), weight decay and maximize.
 */
public final class HyperCases {
    private HyperCases() {
    }

    /** Every case of every optimizer. */
    public static List<HyperCase> all() {
        List<HyperCase> all = new ArrayList<>();
        for (String name : OptimizerSpecs.names()) {
            all.addAll(of(name));
        }
        return all;
    }

    /** The cases of {@code optimizer}. */
    public static List<HyperCase> of(String optimizer) {
        return switch (optimizer) {
            case "sgd" -> List.of(
                    c("sgd", "defaults", Map.of("lr", 0.1)),
                    c("sgd", "momentum 0.9", Map.of("lr", 0.05, "momentum", 0.9)),
                    c("sgd", "nesterov, wd", Map.of("lr", 0.05, "momentum", 0.9, "nesterov", true, "weight_decay", 0.01)),
                    c("sgd", "dampening, wd", Map.of("momentum", 0.5, "dampening", 0.3, "weight_decay", 0.01)),
                    c("sgd", "maximize, wd", Map.of("momentum", 0.5, "weight_decay", 0.1, "maximize", true)));
            case "adagrad" -> List.of(
                    c("adagrad", "defaults", Map.of()),
                    c("adagrad", "lr_decay, init, wd", Map.of("lr", 0.1, "lr_decay", 0.05,
                            "initial_accumulator_value", 0.1, "weight_decay", 0.01)),
                    c("adagrad", "maximize, eps", Map.of("maximize", true, "eps", 1e-3)));
            case "adadelta" -> List.of(
                    c("adadelta", "defaults", Map.of()),
                    c("adadelta", "rho, wd", Map.of("lr", 0.5, "rho", 0.95, "weight_decay", 0.01)),
                    c("adadelta", "maximize, eps", Map.of("maximize", true, "eps", 1e-3)));
            case "rmsprop" -> List.of(
                    c("rmsprop", "defaults", Map.of()),
                    c("rmsprop", "centered", Map.of("centered", true)),
                    c("rmsprop", "momentum", Map.of("momentum", 0.9)),
                    c("rmsprop", "centered, momentum, wd", Map.of("centered", true, "momentum", 0.9, "weight_decay", 0.01)),
                    c("rmsprop", "maximize, alpha", Map.of("maximize", true, "alpha", 0.9)));
            case "rprop" -> List.of(
                    c("rprop", "defaults", Map.of()),
                    c("rprop", "etas, step_sizes", Map.of("lr", 0.1, "etas", List.of(0.3, 1.5),
                            "step_sizes", List.of(1e-3, 0.05))),
                    c("rprop", "rprop+", Map.of("variant", "rprop+")),
                    c("rprop", "rprop-", Map.of("variant", "rprop-")),
                    c("rprop", "irprop+", Map.of("variant", "irprop+")),
                    c("rprop", "maximize", Map.of("maximize", true)));
            case "adam" -> List.of(
                    c("adam", "defaults", Map.of()),
                    c("adam", "amsgrad", Map.of("amsgrad", true, "lr", 0.01)),
                    c("adam", "wd", Map.of("weight_decay", 0.01, "lr", 0.1)),
                    c("adam", "maximize, betas, eps", Map.of("maximize", true, "betas", List.of(0.5, 0.9), "eps", 1e-3)));
            case "adamw" -> List.of(
                    c("adamw", "defaults", Map.of()),
                    c("adamw", "amsgrad, wd 0.1", Map.of("amsgrad", true, "weight_decay", 0.1, "lr", 0.01)),
                    c("adamw", "maximize", Map.of("maximize", true)));
            case "nadam" -> List.of(
                    c("nadam", "defaults", Map.of()),
                    c("nadam", "momentum_decay, wd", Map.of("momentum_decay", 0.01, "weight_decay", 0.01)),
                    c("nadam", "maximize", Map.of("maximize", true, "lr", 0.1)));
            case "adamax" -> List.of(
                    c("adamax", "defaults", Map.of()),
                    c("adamax", "wd, betas", Map.of("weight_decay", 0.01, "betas", List.of(0.8, 0.99))),
                    c("adamax", "maximize, eps", Map.of("maximize", true, "eps", 1e-3)));
            case "gains" -> List.of(
                    c("gains", "defaults", Map.of()),
                    c("gains", "momentum", Map.of("momentum", 0.9)),
                    c("gains", "velocity sign, momentum", Map.of("compare_with_velocity", true, "momentum", 0.5)),
                    c("gains", "velocity sign, no momentum", Map.of("compare_with_velocity", true)),
                    c("gains", "clamps, momentum, maximize", Map.of("min_gain", 0.5, "max_gain", 2.0, "momentum", 0.5,
                            "maximize", true)),
                    c("gains", "maximize, wd, delta", Map.of("maximize", true, "weight_decay", 0.01, "delta", 0.1)),
                    c("gains", "shrink_on_zero", Map.of("shrink_on_zero", true)),
                    c("gains", "shrink_on_zero, velocity sign", Map.of("shrink_on_zero", true, "compare_with_velocity", true,
                            "momentum", 0.5)));
            // Runs that fill the inputs (StateInputs) vary vSGD's curvature and grad_sq; the others leave them.
            case "vsgd" -> List.of(
                    c("vsgd", "defaults", Map.of()),
                    c("vsgd", "fd, outliers, short slow start", Map.of("variant", "fd", "outlier_level", 1.0,
                            "slow_start_samples", 3, "slow_start_factor", 4.0)),
                    c("vsgd", "batch_size 4, no slow start, lr", Map.of("batch_size", 4, "slow_start_samples", 0,
                            "lr", 0.5, "outlier_level", 2.0)),
                    c("vsgd", "fd, batch_size 4, no slow start", Map.of("variant", "fd", "batch_size", 4,
                            "slow_start_samples", 0, "lr", 0.5, "outlier_level", 2.0)),
                    c("vsgd", "batch_size 3, outliers", Map.of("batch_size", 3, "slow_start_samples", 1,
                            "outlier_level", 1.0)));
            default -> throw new IllegalArgumentException("no hyper-parameter cases for optimizer '" + optimizer + "'");
        };
    }

    private static HyperCase c(String optimizer, String label, Map<String, Object> hyper) {
        return new HyperCase(optimizer, label, hyper);
    }
}

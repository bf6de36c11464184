package dev.descent.cuda;

import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import java.util.List;
import java.util.Map;

/**
 * The hyper-parameter settings the CUDA kernels are held to the reference on: every optimizer's
 * defaults and each option that takes another code path through its kernel (the same ground as
 * {@code dev.descent.verify.HyperCases}, which the CUDA module cannot see).
 */
final class OptimizerCases {
    private OptimizerCases() {
    }

    /** A named setting. */
    record Case(String label, OptimizerSpec spec) {
        @Override
        public String toString() {
            return label;
        }
    }

    static List<Case> all() {
        return List.of(
                c("sgd", "plain", Map.of("lr", 0.1)),
                c("sgd", "momentum", Map.of("lr", 0.05, "momentum", 0.9)),
                c("sgd", "nesterov", Map.of("lr", 0.05, "momentum", 0.9, "nesterov", true)),
                c("sgd", "dampening, wd, maximize", Map.of("momentum", 0.5, "dampening", 0.3, "weight_decay", 0.01,
                        "maximize", true)),
                c("adagrad", "defaults", Map.of()),
                c("adagrad", "lr_decay, init, wd, maximize", Map.of("lr", 0.1, "lr_decay", 0.05,
                        "initial_accumulator_value", 0.1, "weight_decay", 0.01, "maximize", true)),
                c("adadelta", "defaults", Map.of()),
                c("adadelta", "rho, wd, maximize", Map.of("lr", 0.5, "rho", 0.95, "weight_decay", 0.01, "maximize", true)),
                c("rmsprop", "defaults", Map.of()),
                c("rmsprop", "centered", Map.of("centered", true)),
                c("rmsprop", "momentum", Map.of("momentum", 0.9)),
                c("rmsprop", "centered, momentum, wd, maximize", Map.of("centered", true, "momentum", 0.9,
                        "weight_decay", 0.01, "maximize", true)),
                c("rprop", "irprop-", Map.of()),
                c("rprop", "irprop-, clamped steps", Map.of("lr", 0.1, "etas", List.of(0.3, 1.5),
                        "step_sizes", List.of(1e-3, 0.05))),
                c("rprop", "rprop+", Map.of("variant", "rprop+")),
                c("rprop", "rprop-", Map.of("variant", "rprop-")),
                c("rprop", "irprop+", Map.of("variant", "irprop+")),
                c("rprop", "maximize", Map.of("maximize", true)),
                c("adam", "defaults", Map.of()),
                c("adam", "amsgrad", Map.of("amsgrad", true, "lr", 0.01)),
                c("adam", "wd, maximize, betas, eps", Map.of("weight_decay", 0.01, "maximize", true,
                        "betas", List.of(0.5, 0.9), "eps", 1e-3)),
                c("adamw", "defaults", Map.of()),
                c("adamw", "amsgrad, wd 0.1", Map.of("amsgrad", true, "weight_decay", 0.1, "lr", 0.01)),
                c("nadam", "defaults", Map.of()),
                c("nadam", "momentum_decay, wd, maximize", Map.of("momentum_decay", 0.01, "weight_decay", 0.01,
                        "maximize", true)),
                c("adamax", "defaults", Map.of()),
                c("adamax", "wd, betas, maximize", Map.of("weight_decay", 0.01, "betas", List.of(0.8, 0.99),
                        "maximize", true)),
                c("gains", "defaults", Map.of()),
                c("gains", "momentum", Map.of("momentum", 0.9)),
                c("gains", "velocity sign", Map.of("compare_with_velocity", true, "momentum", 0.5)),
                c("gains", "velocity sign, no momentum", Map.of("compare_with_velocity", true)),
                c("gains", "maximize, wd, delta", Map.of("maximize", true, "weight_decay", 0.01, "delta", 0.1)),
                c("vsgd", "defaults", Map.of()),
                c("vsgd", "fd, outliers, short slow start", Map.of("variant", "fd", "outlier_level", 1.0,
                        "slow_start_samples", 3, "slow_start_factor", 4.0)),
                c("vsgd", "fd, batch_size 4, no slow start", Map.of("variant", "fd", "batch_size", 4,
                        "slow_start_samples", 0, "lr", 0.5, "outlier_level", 2.0)),
                c("vsgd", "batch_size 3, outliers", Map.of("batch_size", 3, "slow_start_samples", 1,
                        "outlier_level", 1.0)));
    }

    private static Case c(String optimizer, String label, Map<String, ?> hyper) {
        return new Case(optimizer + " " + label, OptimizerSpecs.fromHyper(optimizer, hyper));
    }
}

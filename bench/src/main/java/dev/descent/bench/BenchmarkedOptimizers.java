package dev.descent.bench;

import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer configurations the step benchmarks run: each of the eleven optimizers with its
 * defaults (torch's, Hinton's lecture 6d for gains, the paper's for vSGD), plus SGD with momentum 0.9, the
 * configuration the fused C loop is compared with. Every default learning rate but vSGD's is at most
 * 1e-2 (Adadelta's 1.0 scales an update that is itself tiny), and with the benchmarks' fixed
 * gradients of at most 8e-3 the parameters stay finite however many steps JMH runs. vSGD's rate is
 * {@code lr·r/(h̄ + eps)} with {@code r ≤ 1}; its {@code curvature} input, which a caller fills
 * before each step, is left at its initial 1, so {@code h̄ = 1} and a step moves an element by at
 * most {@code |g| ≤ 8e-3}: a drift that stays finite for far more steps than any run takes.
 */
public final class BenchmarkedOptimizers {

    /** Configuration name → (torch.optim name, torch-named hyper-parameters over the defaults). */
    private static final Map<String, Map.Entry<String, Map<String, ?>>> CONFIGS = configs();

    private BenchmarkedOptimizers() {
    }

    private static Map<String, Map.Entry<String, Map<String, ?>>> configs() {
        Map<String, Map.Entry<String, Map<String, ?>>> c = new LinkedHashMap<>();
        c.put("sgd", Map.entry("sgd", Map.of()));
        c.put("sgd-momentum", Map.entry("sgd", Map.of("momentum", 0.9)));
        for (String name : List.of("adam", "adamw", "adagrad", "adadelta", "rmsprop", "rprop", "nadam", "adamax",
                "gains", "vsgd")) {
            c.put(name, Map.entry(name, Map.of()));
        }
        return Collections.unmodifiableMap(c);
    }

    /** Every configuration name, in benchmark order. */
    public static List<String> names() {
        return List.copyOf(CONFIGS.keySet());
    }

    /**
     * The spec of configuration {@code config}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static OptimizerSpec spec(String config) {
        Map.Entry<String, Map<String, ?>> c = CONFIGS.get(config);
        if (c == null) {
            throw new IllegalArgumentException("unknown optimizer configuration '" + config + "' (known: "
                    + String.join(", ", CONFIGS.keySet()) + ")");
        }
        return OptimizerSpecs.fromHyper(c.getKey(), c.getValue());
    }
}

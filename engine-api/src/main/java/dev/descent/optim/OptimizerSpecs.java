package dev.descent.optim;

import dev.descent.kernel.RpropVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds an {@link OptimizerSpec} from an optimizer's torch.optim name and hyper-parameters named
 * as in torch ({@code betas}, {@code weight_decay}, {@code etas}, ...), as trace files and the command
 * line give them. Absent hyper-parameters take the defaults; an unknown optimizer, an unknown
 * hyper-parameter or an invalid value throws {@link IllegalArgumentException} naming it.
 */
public final class OptimizerSpecs {

    /** torch keys that only choose an implementation and never change the numbers. */
    private static final List<String> IMPLEMENTATION_KEYS = List.of("foreach", "differentiable", "capturable", "fused");

    private OptimizerSpecs() {
    }

    /** Every optimizer name, in the order the documentation lists them. */
    public static List<String> names() {
        return List.of("sgd", "adagrad", "adadelta", "rmsprop", "rprop", "adam", "adamw", "nadam", "adamax", "gains",
                "vsgd");
    }

    /** The spec called {@code name} with its defaults. */
    public static OptimizerSpec defaults(String name) {
        return fromHyper(name, Map.of());
    }

    /** The spec called {@code name} with torch-named {@code hyper} over its defaults. */
    public static OptimizerSpec fromHyper(String name, Map<String, ?> hyper) {
        Hyper h = new Hyper(name.toLowerCase(Locale.ROOT), hyper);
        OptimizerSpec spec = switch (h.optimizer) {
            case "sgd" -> {
                Sgd d = Sgd.defaults();
                yield new Sgd(h.num("lr", d.lr()), h.num("momentum", d.momentum()), h.num("dampening", d.dampening()),
                        h.num("weight_decay", d.weightDecay()), h.bool("nesterov", d.nesterov()),
                        h.bool("maximize", d.maximize()));
            }
            case "adagrad" -> {
                Adagrad d = Adagrad.defaults();
                yield new Adagrad(h.num("lr", d.lr()), h.num("lr_decay", d.lrDecay()),
                        h.num("weight_decay", d.weightDecay()),
                        h.num("initial_accumulator_value", d.initialAccumulatorValue()), h.num("eps", d.eps()),
                        h.bool("maximize", d.maximize()));
            }
            case "adadelta" -> {
                Adadelta d = Adadelta.defaults();
                yield new Adadelta(h.num("lr", d.lr()), h.num("rho", d.rho()), h.num("eps", d.eps()),
                        h.num("weight_decay", d.weightDecay()), h.bool("maximize", d.maximize()));
            }
            case "rmsprop" -> {
                RmsProp d = RmsProp.defaults();
                yield new RmsProp(h.num("lr", d.lr()), h.num("alpha", d.alpha()), h.num("eps", d.eps()),
                        h.num("weight_decay", d.weightDecay()), h.num("momentum", d.momentum()),
                        h.bool("centered", d.centered()), h.bool("maximize", d.maximize()));
            }
            case "rprop" -> {
                Rprop d = Rprop.defaults();
                yield new Rprop(h.num("lr", d.lr()), h.pair("etas", 0, d.etaMinus()), h.pair("etas", 1, d.etaPlus()),
                        h.pair("step_sizes", 0, d.stepSizeMin()), h.pair("step_sizes", 1, d.stepSizeMax()),
                        h.has("variant") ? RpropVariant.fromLabel(h.string("variant")) : d.variant(),
                        h.bool("maximize", d.maximize()));
            }
            case "adam" -> {
                Adam d = Adam.defaults();
                Adam adam = new Adam(h.num("lr", d.lr()), h.pair("betas", 0, d.beta1()), h.pair("betas", 1, d.beta2()),
                        h.num("eps", d.eps()), h.num("weight_decay", d.weightDecay()), h.bool("amsgrad", d.amsgrad()),
                        h.bool("maximize", d.maximize()));
                // torch ≥ 2.6: Adam(decoupled_weight_decay=True) is AdamW, with Adam's default decay of 0.
                yield h.bool("decoupled_weight_decay", false)
                        ? new AdamW(adam.lr(), adam.beta1(), adam.beta2(), adam.eps(), adam.weightDecay(),
                                adam.amsgrad(), adam.maximize())
                        : adam;
            }
            case "adamw" -> {
                AdamW d = AdamW.defaults();
                yield new AdamW(h.num("lr", d.lr()), h.pair("betas", 0, d.beta1()), h.pair("betas", 1, d.beta2()),
                        h.num("eps", d.eps()), h.num("weight_decay", d.weightDecay()), h.bool("amsgrad", d.amsgrad()),
                        h.bool("maximize", d.maximize()));
            }
            case "nadam" -> {
                NAdam d = NAdam.defaults();
                if (h.bool("decoupled_weight_decay", false)) {
                    throw new IllegalArgumentException("nadam: decoupled_weight_decay = true is not supported "
                            + "(weight_decay is applied as L2, torch's default)");
                }
                yield new NAdam(h.num("lr", d.lr()), h.pair("betas", 0, d.beta1()), h.pair("betas", 1, d.beta2()),
                        h.num("eps", d.eps()), h.num("weight_decay", d.weightDecay()),
                        h.num("momentum_decay", d.momentumDecay()), h.bool("maximize", d.maximize()));
            }
            case "adamax" -> {
                Adamax d = Adamax.defaults();
                yield new Adamax(h.num("lr", d.lr()), h.pair("betas", 0, d.beta1()), h.pair("betas", 1, d.beta2()),
                        h.num("eps", d.eps()), h.num("weight_decay", d.weightDecay()), h.bool("maximize", d.maximize()));
            }
            case "gains" -> {
                Gains d = Gains.defaults();
                yield new Gains(h.num("lr", d.lr()), h.num("delta", d.delta()), h.num("min_gain", d.minGain()),
                        h.num("max_gain", d.maxGain()), h.num("momentum", d.momentum()),
                        h.bool("compare_with_velocity", d.compareWithVelocity()),
                        h.num("weight_decay", d.weightDecay()), h.bool("maximize", d.maximize()));
            }
            case "vsgd" -> {
                Vsgd d = Vsgd.defaults();
                yield new Vsgd(h.num("lr", d.lr()),
                        h.has("variant") ? VsgdCurvature.fromLabel(h.string("variant")) : d.variant(),
                        h.integer("slow_start_samples", d.slowStartSamples()),
                        h.num("slow_start_factor", d.slowStartFactor()), h.integer("batch_size", d.batchSize()),
                        h.num("outlier_level", d.outlierLevel()), h.num("eps", d.eps()));
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "' (known: "
                    + String.join(", ", names()) + ")");
        };
        h.rejectUnused();
        return spec;
    }

    /** Reads torch-named values, remembering which keys were used so that unknown ones can be reported. */
    private static final class Hyper {
        private final String optimizer;
        private final Map<String, ?> values;
        private final TreeSet<String> used = new TreeSet<>();

        Hyper(String optimizer, Map<String, ?> values) {
            this.optimizer = optimizer;
            this.values = values;
            used.addAll(IMPLEMENTATION_KEYS);
        }

        boolean has(String key) {
            used.add(key);
            return values.containsKey(key) && values.get(key) != null;
        }

        double num(String key, double fallback) {
            if (!has(key)) {
                return fallback;
            }
            return toDouble(key, values.get(key));
        }

        int integer(String key, int fallback) {
            if (!has(key)) {
                return fallback;
            }
            double v = toDouble(key, values.get(key));
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be an integer, got "
                        + values.get(key));
            }
            return (int) v;
        }

        boolean bool(String key, boolean fallback) {
            if (!has(key)) {
                return fallback;
            }
            Object v = values.get(key);
            if (v instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be true or false, got " + v);
        }

        String string(String key) {
            Object v = values.get(key);
            if (v instanceof String s) {
                return s;
            }
            throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be a string, got " + v);
        }

        double pair(String key, int index, double fallback) {
            if (!has(key)) {
                return fallback;
            }
            Object v = values.get(key);
            if (v instanceof List<?> list && list.size() == 2) {
                return toDouble(key + "[" + index + "]", list.get(index));
            }
            if (v instanceof double[] arr && arr.length == 2) {
                return arr[index];
            }
            throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be a pair of numbers, got " + v);
        }

        void rejectUnused() {
            List<String> unknown = new ArrayList<>();
            for (String k : values.keySet()) {
                if (!used.contains(k)) {
                    unknown.add(k);
                }
            }
            if (!unknown.isEmpty()) {
                TreeSet<String> known = new TreeSet<>(used);
                known.removeAll(IMPLEMENTATION_KEYS);
                throw new IllegalArgumentException("unknown hyper-parameter" + (unknown.size() > 1 ? "s " : " ")
                        + unknown + " for " + optimizer + " (known: " + String.join(", ", known) + ")");
            }
        }

        private double toDouble(String key, Object v) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException(optimizer + ": hyper-parameter '" + key + "' must be a number, got " + v);
        }
    }
}

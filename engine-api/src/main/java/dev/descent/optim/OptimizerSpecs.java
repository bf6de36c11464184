package dev.descent.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds an {@link OptimizerSpec} from an optimizer's torch.optim name and hyper-parameters named
 * as in torch ({@code betas}, {@code weight_decay}, {@code etas}, ...), as trace files and the command
 * line give them. Absent hyper-parameters take the defaults; an unknown optimizer, an unknown
 * hyper-parameter or an invalid value throws {@link IllegalArgumentException} naming it.
 *
 * <p>This is the registry: one line per optimizer name, pointing at the spec's own {@code fromHyper},
 * which reads the torch names it knows. The list of names is derived from it.
 */
public final class OptimizerSpecs {

    /** Every optimizer by name, in the order the documentation lists them. */
    private static final Map<String, Function<Hyper, OptimizerSpec>> REGISTRY = registry();

    private OptimizerSpecs() {
    }

    private static Map<String, Function<Hyper, OptimizerSpec>> registry() {
        Map<String, Function<Hyper, OptimizerSpec>> r = new LinkedHashMap<>();
        r.put("sgd", Sgd::fromHyper);
        r.put("adagrad", Adagrad::fromHyper);
        r.put("adadelta", Adadelta::fromHyper);
        r.put("rmsprop", RmsProp::fromHyper);
        r.put("rprop", Rprop::fromHyper);
        r.put("adam", h -> Adam.fromHyper(h, false));
        r.put("adamw", h -> Adam.fromHyper(h, true));
        r.put("nadam", NAdam::fromHyper);
        r.put("adamax", Adamax::fromHyper);
        r.put("gains", Gains::fromHyper);
        r.put("vsgd", Vsgd::fromHyper);
        return Collections.unmodifiableMap(r);
    }

    /** Every optimizer name, in the order the documentation lists them. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The spec called {@code name} with its defaults. */
    public static OptimizerSpec defaults(String name) {
        return fromHyper(name, Map.of());
    }

    /** The spec called {@code name} with torch-named {@code hyper} over its defaults. */
    public static OptimizerSpec fromHyper(String name, Map<String, ?> hyper) {
        String key = name.toLowerCase(Locale.ROOT);
        Function<Hyper, OptimizerSpec> parser = REGISTRY.get(key);
        if (parser == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "' (known: " + String.join(", ", names())
                    + ")");
        }
        Hyper h = new Hyper(key, hyper);
        OptimizerSpec spec = parser.apply(h);
        h.rejectUnused();
        return spec;
    }

    /**
     * The torch-named hyper-parameters of {@code spec}, every one of them (defaults included), such that
     * {@code fromHyper(spec.name(), hyper(spec))} equals {@code spec}: numbers as {@link Double} (integers
     * too), flags as {@link Boolean}, pairs ({@code betas}, {@code etas}, {@code step_sizes}) as
     * two-element {@code List<Double>}, and the labels of Descent's variants ({@code variant}) as strings.
     * torch's keys that only choose an implementation ({@code foreach}, {@code fused}, ...) are left out.
     * An {@link Adam} with decoupled weight decay is named {@code adamw} and reads back as the equal
     * {@link AdamW} (the same rule): compare such specs through their maps.
     *
     * @return an unmodifiable map in the order the spec's record lists its components
     * @throws IllegalArgumentException if {@code spec} is not one of the optimizers of {@link #names()}
     */
    public static Map<String, Object> hyper(OptimizerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return switch (spec) {
            case Sgd s -> s.hyper();
            case Adagrad s -> s.hyper();
            case Adadelta s -> s.hyper();
            case RmsProp s -> s.hyper();
            case Rprop s -> s.hyper();
            case Adam s -> s.hyper();
            case AdamW s -> s.hyper();
            case NAdam s -> s.hyper();
            case Adamax s -> s.hyper();
            case Gains s -> s.hyper();
            case Vsgd s -> s.hyper();
            default -> throw new IllegalArgumentException("optimizer spec " + spec.getClass().getName() + " ('"
                    + spec.name() + "') is not one of Descent's optimizers (" + String.join(", ", names())
                    + "): it has no torch-named hyper-parameters");
        };
    }
}

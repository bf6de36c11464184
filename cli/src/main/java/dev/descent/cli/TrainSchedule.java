package dev.descent.cli;

import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.schedule.LearningRateSchedule;
import dev.descent.optim.schedule.OneCycle;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning-rate schedule of {@code descent train --lr-schedule NAME[:KEY=VALUE,...]}, torch's
 * schedulers under torch's argument names. All but {@code plateau} are functions of the optimizer's
 * step (stepped once per step, as {@link LearningRateSchedule} counts): {@code constant}; {@code cosine}
 * (CosineAnnealingLR over {@code t_max} steps to {@code eta_min}, after {@code warmup} steps of linear
 * warm-up); {@code cosine-restarts} (CosineAnnealingWarmRestarts: {@code t_0}, {@code t_mult},
 * {@code eta_min}, also after a {@code warmup}); {@code onecycle} (OneCycleLR peaking at {@code --lr},
 * with its momentum cycling); {@code step} (StepLR); {@code exponential} (ExponentialLR). {@code
 * plateau} is ReduceLROnPlateau stepped after every epoch on the epoch's mean training loss, its
 * counters and best loss kept in the checkpoint. A schedule resolved for a run ({@link #resolve})
 * spells out every value, its length in steps included, so that a checkpoint keeps it as it was
 * even when the resumed run asks for more epochs.
 *
 * @param name the schedule's name
 * @param values its values by torch's argument names, as the command line spells them
 */
record TrainSchedule(String name, Map<String, String> values) {

    /** The kinds of value a key takes. */
    private enum Kind {
        /** A finite number. */
        NUMBER,
        /** A whole number ≥ 0 (steps, epochs). */
        WHOLE,
        /** true or false. */
        BOOLEAN,
        /** One of the words of the key's default, {@code a|b}, the first being the default. */
        WORD
    }

    /** A key: its kind and default ({@link #REQUIRED}, {@link #RUN}, or a value). */
    private record Key(Kind kind, String fallback) {
    }

    /** The default of a key without one. */
    private static final String REQUIRED = "";
    /** The default of a length: the run's steps (after the warm-up). */
    private static final String RUN = "run";

    /** The schedules and their keys, in the order they are spelt. */
    private static final Map<String, Map<String, Key>> KNOWN = known();

    /** The schedule of a run without {@code --lr-schedule}. */
    static final TrainSchedule CONSTANT = new TrainSchedule("constant", Map.of());

    private static Map<String, Map<String, Key>> known() {
        Map<String, Map<String, Key>> m = new LinkedHashMap<>();
        m.put("constant", keys());
        m.put("cosine", keys("t_max", Kind.WHOLE, RUN, "eta_min", Kind.NUMBER, "0", "warmup", Kind.WHOLE, "0"));
        m.put("cosine-restarts", keys("t_0", Kind.WHOLE, REQUIRED, "t_mult", Kind.WHOLE, "1", "eta_min", Kind.NUMBER,
                "0", "warmup", Kind.WHOLE, "0"));
        m.put("onecycle", keys("total_steps", Kind.WHOLE, RUN, "pct_start", Kind.NUMBER, "0.3", "anneal_strategy",
                Kind.WORD, "cos|linear", "cycle_momentum", Kind.BOOLEAN, "true", "base_momentum", Kind.NUMBER, "0.85",
                "max_momentum", Kind.NUMBER, "0.95", "div_factor", Kind.NUMBER, "25", "final_div_factor", Kind.NUMBER,
                "1e4", "three_phase", Kind.BOOLEAN, "false"));
        m.put("plateau", keys("mode", Kind.WORD, "min|max", "factor", Kind.NUMBER, "0.1", "patience", Kind.WHOLE, "10",
                "threshold", Kind.NUMBER, "1e-4", "threshold_mode", Kind.WORD, "rel|abs", "cooldown", Kind.WHOLE, "0",
                "min_lr", Kind.NUMBER, "0", "eps", Kind.NUMBER, "1e-8"));
        m.put("step", keys("step_size", Kind.WHOLE, REQUIRED, "gamma", Kind.NUMBER, "0.1"));
        m.put("exponential", keys("gamma", Kind.NUMBER, REQUIRED));
        return m;
    }

    private static Map<String, Key> keys(Object... triples) {
        Map<String, Key> m = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            m.put((String) triples[i], new Key((Kind) triples[i + 1], (String) triples[i + 2]));
        }
        return m;
    }

    /** The schedules' names. */
    static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    /** {@code text} as the command line gives it; an unknown schedule, key or value is bad input. */
    static TrainSchedule parse(String text) throws BadInputException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        Map<String, Key> keys = KNOWN.get(name);
        if (keys == null) {
            throw new BadInputException("unknown --lr-schedule '" + name + "' (schedules: " + String.join(", ", names())
                    + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String entry : t.substring(colon + 1).split(",", -1)) {
                int eq = entry.indexOf('=');
                String key = eq < 0 ? entry.strip() : entry.substring(0, eq).strip();
                if (eq < 0 || !keys.containsKey(key)) {
                    throw new BadInputException("--lr-schedule " + name + ": '" + entry.strip() + "' is not one of "
                            + (keys.isEmpty() ? "its keys (it takes none)" : String.join("=X, ", keys.keySet()) + "=X"));
                }
                String value = canonical(name, key, keys.get(key), entry.substring(eq + 1).strip());
                if (values.put(key, value) != null) {
                    throw new BadInputException("--lr-schedule " + name + ": " + key + " is given twice");
                }
            }
        }
        return new TrainSchedule(name, values);
    }

    /** {@code value} of {@code key} spelt one way ({@code 1e4} as {@code 10000.0}); a value of the wrong kind is bad input. */
    private static String canonical(String name, String key, Key k, String value) throws BadInputException {
        String problem = switch (k.kind()) {
            case NUMBER -> {
                try {
                    double v = Double.parseDouble(value);
                    if (Double.isFinite(v)) {
                        yield Double.toString(v);
                    }
                } catch (NumberFormatException e) {
                    // said below
                }
                yield null;
            }
            case WHOLE -> value.matches("[0-9]{1,18}") ? Long.toString(Long.parseLong(value)) : null;
            case BOOLEAN -> value.equals("true") || value.equals("false") ? value : null;
            case WORD -> List.of(k.fallback().split("\\|")).contains(value) ? value : null;
        };
        if (problem != null) {
            return problem;
        }
        String wanted = switch (k.kind()) {
            case NUMBER -> "a finite number";
            case WHOLE -> "a whole number ≥ 0";
            case BOOLEAN -> "true or false";
            case WORD -> String.join(" or ", k.fallback().split("\\|"));
        };
        throw new BadInputException("--lr-schedule " + name + ": " + key + " must be " + wanted + ", got '" + value
                + "'");
    }

    /**
     * This schedule with every value spelt out for a run of {@code totalSteps} steps, checked by
     * building it; a missing or invalid value is bad input.
     */
    TrainSchedule resolve(long totalSteps) throws BadInputException {
        Map<String, String> all = new LinkedHashMap<>();
        for (Map.Entry<String, Key> k : KNOWN.get(name).entrySet()) {
            String v = values.get(k.getKey());
            if (v == null) {
                v = switch (k.getValue().fallback()) {
                    case REQUIRED -> throw new BadInputException("--lr-schedule " + name + " needs " + k.getKey() + "=X");
                    case RUN -> Long.toString(Math.max(1, totalSteps - Long.parseLong(values.getOrDefault("warmup", "0"))));
                    default -> canonical(name, k.getKey(), k.getValue(), k.getValue().fallback().split("\\|")[0]);
                };
            }
            all.put(k.getKey(), v);
        }
        TrainSchedule resolved = new TrainSchedule(name, all);
        resolved.applyTo(null);
        return resolved;
    }

    /**
     * {@code group} with this resolved schedule (checked only when {@code group} is null); an invalid
     * value, or a one-cycle's momentum on an optimizer without one, is bad input naming it.
     */
    ParamGroup applyTo(ParamGroup group) throws BadInputException {
        try {
            if (name.equals("onecycle")) {
                OneCycle cycle = oneCycle();
                return group == null ? null : cycle.applyTo(group);
            }
            LearningRateSchedule lr = switch (name) {
                case "cosine" -> warmup(LearningRateSchedule.cosine(whole("t_max"), number("eta_min")));
                case "cosine-restarts" -> warmup(LearningRateSchedule.cosineRestarts(whole("t_0"), whole("t_mult"),
                        number("eta_min")));
                case "step" -> LearningRateSchedule.step(whole("step_size"), number("gamma"));
                case "exponential" -> LearningRateSchedule.exponential(number("gamma"));
                default -> LearningRateSchedule.constant(); // constant, and plateau, which sets the base rate
            };
            return group == null ? null : group.withLrSchedule(lr);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--lr-schedule " + name + ": " + e.getMessage());
        }
    }

    /**
     * Checks that the schedule has a rate for each of a run's {@code steps} steps: a one-cycle ends at
     * its {@code total_steps} (torch raises after), so a longer run is bad input before it starts.
     */
    void requireCovers(long steps) throws BadInputException {
        if (name.equals("onecycle") && steps > whole("total_steps")) {
            throw new BadInputException("--lr-schedule onecycle ends after total_steps=" + values.get("total_steps")
                    + " steps, but the run takes " + steps + " (--epochs, --max-iter): give a longer cycle");
        }
    }

    /**
     * The ReduceLROnPlateau of {@code opt} for a {@code plateau} schedule, else null; stepped by the
     * caller after each epoch with the epoch's mean training loss.
     */
    ReduceLrOnPlateau plateau(Optimizer opt) throws BadInputException {
        if (!name.equals("plateau")) {
            return null;
        }
        try {
            return ReduceLrOnPlateau.builder(opt).mode(ReduceLrOnPlateau.Mode.fromLabel(values.get("mode")))
                    .factor(number("factor")).patience(whole("patience")).threshold(number("threshold"))
                    .thresholdMode(ReduceLrOnPlateau.ThresholdMode.fromLabel(values.get("threshold_mode")))
                    .cooldown(whole("cooldown")).minLr(number("min_lr")).eps(number("eps")).build();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--lr-schedule plateau: " + e.getMessage());
        }
    }

    private OneCycle oneCycle() {
        OneCycle cycle = OneCycle.of(whole("total_steps")).withPctStart(number("pct_start"))
                .withAnneal(OneCycle.Anneal.fromLabel(values.get("anneal_strategy")))
                .withDivFactors(number("div_factor"), number("final_div_factor"))
                .withThreePhase(Boolean.parseBoolean(values.get("three_phase")));
        return Boolean.parseBoolean(values.get("cycle_momentum"))
                ? cycle.withMomentum(number("base_momentum"), number("max_momentum")) : cycle.withoutMomentumCycling();
    }

    private LearningRateSchedule warmup(LearningRateSchedule after) {
        long w = whole("warmup");
        return w == 0 ? after : LearningRateSchedule.linearWarmup(w, after);
    }

    private double number(String key) {
        return Double.parseDouble(values.get(key));
    }

    private long whole(String key) {
        return Long.parseLong(values.get(key));
    }

    /** The schedule as {@code --lr-schedule} spells it: {@code cosine:t_max=270,eta_min=0.0,warmup=0}. */
    String text() {
        StringBuilder b = new StringBuilder(name);
        String sep = ":";
        for (Map.Entry<String, String> e : values.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return b.toString();
    }
}

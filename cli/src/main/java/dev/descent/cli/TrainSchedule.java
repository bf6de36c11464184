package dev.descent.cli;

import dev.descent.optim.schedule.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning-rate schedule of {@code descent train --lr-schedule NAME[:KEY=VALUE,...]}, torch's
 * schedulers stepped once per optimizer step (as {@link LearningRateSchedule} counts): {@code
 * constant}; {@code cosine} (CosineAnnealingLR over the run's steps, {@code eta_min}, after a linear
 * warm-up of {@code warmup} steps); {@code step} (StepLR: {@code gamma} every {@code step_size}
 * steps); {@code exponential} (ExponentialLR). A schedule resolved for a run ({@link #resolve}) spells
 * every value, its length in steps included, so that a checkpoint keeps it as it was even when the
 * resumed run asks for more epochs.
 *
 * @param name the schedule's name
 * @param values its values, by torch's names, in the order of {@link #keys}
 */
record TrainSchedule(String name, Map<String, Double> values) {

    /** The schedules and their keys, with the defaults (NaN: required; for t_max, the run's steps). */
    private static final Map<String, Map<String, Double>> KNOWN = Map.of(
            "constant", Map.of(),
            "cosine", ordered("t_max", Double.NaN, "eta_min", 0.0, "warmup", 0.0),
            "step", ordered("step_size", Double.NaN, "gamma", 0.1),
            "exponential", ordered("gamma", Double.NaN));

    /** The schedule of a run without {@code --lr-schedule}. */
    static final TrainSchedule CONSTANT = new TrainSchedule("constant", Map.of());

    /** {@code text} as the command line gives it; an unknown schedule, key or value is bad input. */
    static TrainSchedule parse(String text) throws BadInputException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        Map<String, Double> keys = KNOWN.get(name);
        if (keys == null) {
            throw new BadInputException("unknown --lr-schedule '" + name + "' (schedules: "
                    + String.join(", ", KNOWN.keySet().stream().sorted().toList()) + ")");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String entry : t.substring(colon + 1).split(",", -1)) {
                int eq = entry.indexOf('=');
                String key = eq < 0 ? entry.strip() : entry.substring(0, eq).strip();
                if (eq < 0 || !keys.containsKey(key)) {
                    throw new BadInputException("--lr-schedule " + name + ": '" + entry.strip() + "' is not one of "
                            + (keys.isEmpty() ? "its keys (it takes none)" : String.join("=X, ", keys.keySet()) + "=X"));
                }
                double v;
                try {
                    v = Double.parseDouble(entry.substring(eq + 1).strip());
                } catch (NumberFormatException e) {
                    throw new BadInputException("--lr-schedule " + name + ": " + key + " must be a number, got '"
                            + entry.substring(eq + 1).strip() + "'");
                }
                if (values.put(key, v) != null) {
                    throw new BadInputException("--lr-schedule " + name + ": " + key + " is given twice");
                }
            }
        }
        return new TrainSchedule(name, values);
    }

    /**
     * This schedule with every value spelt out for a run of {@code totalSteps} steps, checked by
     * building it; a missing or invalid value is bad input.
     */
    TrainSchedule resolve(long totalSteps) throws BadInputException {
        Map<String, Double> all = new LinkedHashMap<>();
        for (Map.Entry<String, Double> k : KNOWN.get(name).entrySet()) {
            double v = values.getOrDefault(k.getKey(), k.getValue());
            if (Double.isNaN(v) && k.getKey().equals("t_max")) {
                v = Math.max(1, totalSteps - values.getOrDefault("warmup", 0.0).longValue());
            }
            if (Double.isNaN(v)) {
                throw new BadInputException("--lr-schedule " + name + " needs " + k.getKey() + "=X");
            }
            all.put(k.getKey(), v);
        }
        TrainSchedule resolved = new TrainSchedule(name, all);
        resolved.schedule();
        return resolved;
    }

    /** The schedule of a resolved value set; an invalid value is bad input naming it. */
    LearningRateSchedule schedule() throws BadInputException {
        try {
            return switch (name) {
                case "cosine" -> {
                    LearningRateSchedule cosine = LearningRateSchedule.cosine(steps("t_max"), values.get("eta_min"));
                    long warmup = steps("warmup");
                    yield warmup == 0 ? cosine : LearningRateSchedule.linearWarmup(warmup, cosine);
                }
                case "step" -> LearningRateSchedule.step(steps("step_size"), values.get("gamma"));
                case "exponential" -> LearningRateSchedule.exponential(values.get("gamma"));
                default -> LearningRateSchedule.constant();
            };
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--lr-schedule " + name + ": " + e.getMessage());
        }
    }

    /** The value {@code key} as a count of steps; a fraction or a negative value is bad input. */
    private long steps(String key) throws BadInputException {
        double v = values.get(key);
        if (v != Math.rint(v) || v < 0 || v > Long.MAX_VALUE) {
            throw new BadInputException("--lr-schedule " + name + ": " + key + " must be a whole number of steps ≥ 0,"
                    + " got " + v);
        }
        return (long) v;
    }

    /** The schedule as {@code --lr-schedule} spells it: {@code cosine:t_max=270.0,eta_min=0.0,warmup=0.0}. */
    String text() {
        StringBuilder b = new StringBuilder(name);
        String sep = ":";
        for (Map.Entry<String, Double> e : values.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return b.toString();
    }

    private static Map<String, Double> ordered(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return m;
    }

    /** The schedules' names. */
    static List<String> names() {
        return KNOWN.keySet().stream().sorted().toList();
    }
}

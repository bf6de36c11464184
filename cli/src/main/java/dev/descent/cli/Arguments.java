package dev.descent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options and operands of one command, parsed against the value options and flags the command
 * declares. Accepts {@code --name value} and {@code --name=value}, flags ({@code --json}) without a
 * value, {@code -h}/{@code --help}, and {@code --} to end the options (so that a file may start with
 * a dash). A repeated option keeps its last value for {@link #option}; {@link #all} gives every one.
 */
final class Arguments {

    private final Map<String, List<String>> options;
    private final Set<String> flags;
    private final List<String> operands;
    private final boolean help;

    private Arguments(Map<String, List<String>> options, Set<String> flags, List<String> operands, boolean help) {
        this.options = options;
        this.flags = Set.copyOf(flags);
        this.operands = List.copyOf(operands);
        this.help = help;
    }

    /** Parses {@code args} for {@code command}, which takes the options named in {@code valueOptions}. */
    static Arguments parse(String command, List<String> args, Set<String> valueOptions) throws BadInputException {
        return parse(command, args, valueOptions, Set.of());
    }

    /**
     * Parses {@code args} for {@code command}, which takes the options named in {@code valueOptions}
     * and the flags (options without a value) named in {@code flagOptions}.
     */
    static Arguments parse(String command, List<String> args, Set<String> valueOptions, Set<String> flagOptions)
            throws BadInputException {
        Map<String, List<String>> options = new LinkedHashMap<>();
        Set<String> flags = new TreeSet<>();
        List<String> operands = new ArrayList<>();
        boolean help = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                operands.add(a);
            } else if (a.equals("--")) {
                optionsEnded = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                help = true;
            } else {
                int eq = a.indexOf('=');
                String name = a.substring(a.startsWith("--") ? 2 : 1, eq < 0 ? a.length() : eq);
                if (a.startsWith("--") && flagOptions.contains(name)) {
                    if (eq >= 0) {
                        throw new BadInputException("option --" + name + " takes no value, got '" + a + "'");
                    }
                    flags.add(name);
                    continue;
                }
                if (!a.startsWith("--") || !valueOptions.contains(name)) {
                    Set<String> known = new TreeSet<>(valueOptions);
                    known.addAll(flagOptions);
                    throw new BadInputException("unknown option '" + a + "' for '" + command + "'"
                            + (known.isEmpty() ? " (it takes none)" : " (options: " + listed(known) + ")"));
                }
                String value;
                if (eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new BadInputException("option --" + name + " needs a value");
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new Arguments(options, flags, operands, help);
    }

    /** The value of {@code --name} (the last one, if repeated), or {@code fallback} if it was not given. */
    String option(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.getLast();
    }

    /** Every value of {@code --name}, in the order given (empty if it was not given). */
    List<String> all(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    /** Whether the option {@code --name} (a value option or a flag) was given. */
    boolean has(String name) {
        return options.containsKey(name) || flags.contains(name);
    }

    /** Whether the flag {@code --name} was given. */
    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The arguments that are not options, in order. */
    List<String> operands() {
        return operands;
    }

    /** Whether {@code -h} or {@code --help} was given. */
    boolean help() {
        return help;
    }

    private static String listed(Set<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : new TreeSet<>(names)) {
            out.add("--" + n);
        }
        return String.join(", ", out);
    }
}

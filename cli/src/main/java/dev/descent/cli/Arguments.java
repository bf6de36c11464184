package dev.descent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options and operands of one command, parsed against the value options the command declares.
 * Accepts {@code --name value} and {@code --name=value}, {@code -h}/{@code --help}, and {@code --}
 * to end the options (so that a file may start with a dash). A repeated option keeps its last value.
 */
final class Arguments {

    private final Map<String, String> options;
    private final List<String> operands;
    private final boolean help;

    private Arguments(Map<String, String> options, List<String> operands, boolean help) {
        this.options = options;
        this.operands = List.copyOf(operands);
        this.help = help;
    }

    /** Parses {@code args} for {@code command}, which takes the options named in {@code valueOptions}. */
    static Arguments parse(String command, List<String> args, Set<String> valueOptions) throws BadInputException {
        Map<String, String> options = new LinkedHashMap<>();
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
                if (!a.startsWith("--") || !valueOptions.contains(name)) {
                    throw new BadInputException("unknown option '" + a + "' for '" + command + "'"
                            + (valueOptions.isEmpty() ? " (it takes none)" : " (options: " + listed(valueOptions) + ")"));
                }
                String value;
                if (eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new BadInputException("option --" + name + " needs a value");
                }
                options.put(name, value);
            }
        }
        return new Arguments(options, operands, help);
    }

    /** The value of {@code --name}, or {@code fallback} if it was not given. */
    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
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

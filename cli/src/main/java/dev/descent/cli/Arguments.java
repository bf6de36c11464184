package dev.descent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The options and operands of one command as picocli parsed them against the command's model
 * ({@link CommandModel}). Accepts {@code --name value} and {@code --name=value}, flags ({@code --json})
 * without a value, {@code -h}/{@code --help}, and {@code --} to end the options (so that a file may
 * start with a dash). A repeated option keeps its last value for {@link #option}; {@link #all} gives
 * every one. A parse error becomes a {@link BadInputException} in Descent's words.
 */
final class Arguments {

    private final ParseResult result;
    private final List<String> operands;

    private Arguments(ParseResult result, List<String> operands) {
        this.result = result;
        this.operands = List.copyOf(operands);
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
        return parse(CommandModel.parsing(command, new TreeSet<>(valueOptions), new TreeSet<>(flagOptions)).spec(), args);
    }

    /** Parses {@code args} against picocli's model of a command. */
    static Arguments parse(CommandSpec spec, List<String> args) throws BadInputException {
        CommandLine line = new CommandLine(spec);
        ParseResult result;
        try {
            result = line.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new BadInputException(message(spec, e, args));
        }
        List<String> operands = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) { // in the order of their indexes
            operands.addAll(p.stringValues());
        }
        return new Arguments(result, operands);
    }

    /** What went wrong, as Descent has always said it. */
    private static String message(CommandSpec spec, ParameterException e, List<String> args) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            Set<String> known = names(spec);
            return "unknown option '" + u.getUnmatched().getFirst() + "' for '" + spec.name() + "'"
                    + (known.isEmpty() ? " (it takes none)" : " (options: " + String.join(", ", known) + ")");
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().getFirst() instanceof OptionSpec o) {
            return "option " + o.longestName() + " needs a value";
        }
        if (e instanceof MaxValuesExceededException) {
            for (String a : args) {
                int eq = a.indexOf('=');
                OptionSpec o = eq < 0 ? null : spec.findOption(a.substring(0, eq));
                if (o != null && o.arity().max() == 0) {
                    return "option " + o.longestName() + " takes no value, got '" + a + "'";
                }
            }
        }
        return e.getMessage();
    }

    /** The command's options but help, sorted: {@code --backend, --seed}. */
    private static Set<String> names(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            if (!o.usageHelp()) {
                names.add(o.longestName());
            }
        }
        return names;
    }

    /** The value of {@code --name} (the last one, if repeated), or {@code fallback} if it was not given. */
    String option(String name, String fallback) {
        List<String> values = all(name);
        return values.isEmpty() ? fallback : values.getLast();
    }

    /** Every value of {@code --name}, in the order given (empty if it was not given). */
    List<String> all(String name) {
        OptionSpec o = result.matchedOption("--" + name);
        return o == null || o.arity().max() == 0 ? List.of() : List.copyOf(o.originalStringValues());
    }

    /** Whether the option {@code --name} (a value option or a flag) was given. */
    boolean has(String name) {
        return result.hasMatchedOption("--" + name);
    }

    /** Whether the flag {@code --name} was given. */
    boolean flag(String name) {
        OptionSpec o = result.matchedOption("--" + name);
        return o != null && o.arity().max() == 0;
    }

    /** The arguments that are not options, in order. */
    List<String> operands() {
        return operands;
    }

    /** Whether {@code -h} or {@code --help} was given. */
    boolean help() {
        return result.isUsageHelpRequested();
    }
}

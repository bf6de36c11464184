package dev.descent.cli;

import java.io.PrintStream;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.OptionSpec;

/** One subcommand of {@code descent}. */
interface Command {

    /** What the user types ({@code verify-trace}). */
    String name();

    /** The command with its options, as the usage line shows it. */
    String synopsis();

    /** One line on what the command does. */
    String summary();

    /** The command's options and help, in picocli's terms ({@link CommandModel}). */
    CommandModel model();

    /** The options that take a value ({@code backend} for {@code --backend NAME}). */
    default Set<String> valueOptions() {
        return options(false);
    }

    /** The options that take no value ({@code json} for {@code --json}). */
    default Set<String> flagOptions() {
        return options(true);
    }

    private Set<String> options(boolean flags) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : model().spec().options()) {
            if (!o.usageHelp() && (o.arity().max() == 0) == flags) {
                names.add(o.longestName().substring(2));
            }
        }
        return names;
    }

    /**
     * Runs the command.
     *
     * @return the exit status: {@link Main#OK} or {@link Main#FAILED}
     * @throws BadInputException for arguments or input the user must fix
     */
    int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException;
}

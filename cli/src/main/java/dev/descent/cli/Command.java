package dev.descent.cli;

import java.io.PrintStream;
import java.util.Set;

/** One subcommand of {@code descent}. */
interface Command {

    /** What the user types ({@code verify-trace}). */
    String name();

    /** The command with its options, as the usage line shows it. */
    String synopsis();

    /** One line on what the command does. */
    String summary();

    /** The paragraphs {@code descent help NAME} prints after the synopsis. */
    String details();

    /** The options that take a value ({@code backend} for {@code --backend NAME}). */
    Set<String> valueOptions();

    /** The options that take no value ({@code json} for {@code --json}); none by default. */
    default Set<String> flagOptions() {
        return Set.of();
    }

    /**
     * Runs the command.
     *
     * @return the exit status: {@link Main#OK} or {@link Main#FAILED}
     * @throws BadInputException for arguments or input the user must fix
     */
    int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException;
}

package dev.descent.cli;

import java.io.PrintStream;
import picocli.AutoComplete;

/**
 * {@code descent completion}: the bash completion script picocli generates from the commands'
 * models ({@link AutoComplete}): command names, options, and the values an option offers (methods,
 * problems, backends, optimizers; file names for files).
 */
final class CompletionCommand implements Command {

    private final CommandTree tree;

    /** The completion of the commands of {@code tree}. */
    CompletionCommand(CommandTree tree) {
        this.tree = tree;
    }

    @Override
    public String name() {
        return "completion";
    }

    @Override
    public String synopsis() {
        return "completion";
    }

    @Override
    public String summary() {
        return "print the bash completion script (source <(./descent completion))";
    }

    @Override
    public CommandModel model() {
        return CommandModel.of(this).description("""
                Prints a bash completion script for descent: commands, options and the values they \
                take (methods, problems, backends, optimizers, files). Load it into the current \
                shell with

                  source <(./descent completion)

                or keep it: ./descent completion > ~/.local/share/bash-completion/completions/descent. \
                It completes the command 'descent'; with the launcher not on the PATH, add an alias \
                (alias descent=/path/to/descent) or run complete -F _complete_descent ./descent.""");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (!args.operands().isEmpty()) {
            throw new BadInputException("'completion' takes no arguments, got '" + args.operands().getFirst() + "'");
        }
        out.print(AutoComplete.bash("descent", tree.commandLine()));
        return Main.OK;
    }
}

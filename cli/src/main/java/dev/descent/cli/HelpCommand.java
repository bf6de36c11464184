package dev.descent.cli;

import java.io.PrintStream;

/** {@code descent help [COMMAND]}: the list of commands, or one command's synopsis, details and options. */
final class HelpCommand implements Command {

    private final CommandTree tree;

    /** Help over the commands of {@code tree}, this one included. */
    HelpCommand(CommandTree tree) {
        this.tree = tree;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String synopsis() {
        return "help [COMMAND]";
    }

    @Override
    public String summary() {
        return "this help, or one command's";
    }

    @Override
    public CommandModel model() {
        return CommandModel.of(this).operands("COMMAND", tree.names()).description(
                "Without a command, lists the commands; with one, explains it. 'descent COMMAND --help' does the same.");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (args.operands().isEmpty()) {
            tree.printOverview(out);
        } else if (args.operands().size() == 1) {
            CommandTree.printUsage(tree.find(args.operands().getFirst()), out);
        } else {
            throw new BadInputException("help takes at most one command, got " + args.operands().size());
        }
        return Main.OK;
    }
}

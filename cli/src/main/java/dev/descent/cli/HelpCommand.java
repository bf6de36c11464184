package dev.descent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code descent help [COMMAND]}: the list of commands, or one command's synopsis and details. */
final class HelpCommand implements Command {

    private static final int WIDTH = 100;

    private final List<Command> commands;

    /** Help over {@code commands}, this one included by {@link Main}. */
    HelpCommand(List<Command> commands) {
        this.commands = commands;
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
    public String details() {
        return "Without a command, lists the commands; with one, explains it. 'descent COMMAND --help' does the same.";
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of();
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (args.operands().isEmpty()) {
            printOverview(out);
        } else if (args.operands().size() == 1) {
            printCommand(Main.find(commands, args.operands().getFirst()), out);
        } else {
            throw new BadInputException("help takes at most one command, got " + args.operands().size());
        }
        return Main.OK;
    }

    /** The usage summary: every command with its synopsis. */
    void printOverview(PrintStream out) {
        out.println("usage: descent COMMAND [OPTIONS]");
        out.println();
        out.println("Descent runs neural-network optimizers (torch.optim's rules) on a Java reference, the Vector API");
        out.println("and CUDA, and checks that every backend agrees with the reference and with PyTorch.");
        out.println();
        out.println("commands:");
        TextTable table = new TextTable("", "");
        for (Command c : commands) {
            table.add("  " + c.synopsis(), c.summary());
        }
        table.printRows(out);
        out.println();
        out.println("'descent help COMMAND' explains one. JVM options (-Ddescent.backend=NAME, -Xmx8g) go in");
        out.println("the DESCENT_JAVA_OPTS environment variable. Exit status: 0 passed, 1 a check failed, 2 bad input.");
    }

    /** One command's synopsis and details, wrapped. */
    static void printCommand(Command c, PrintStream out) {
        out.println("usage: descent " + c.synopsis());
        out.println();
        for (String line : c.details().split("\n", -1)) {
            for (String wrapped : wrap(line)) {
                out.println(wrapped);
            }
        }
    }

    /**
     * {@code line} broken at spaces into lines of at most {@value #WIDTH} characters where possible.
     * An option line ({@code --name VALUE   what it does}) continues under its description.
     */
    static List<String> wrap(String line) {
        List<String> out = new ArrayList<>();
        String indent = "";
        if (line.startsWith("-")) {
            int gap = line.indexOf("  ");
            int description = gap;
            while (description >= 0 && description < line.length() && line.charAt(description) == ' ') {
                description++;
            }
            indent = gap < 0 ? "" : " ".repeat(description);
        }
        String rest = line.stripTrailing();
        while (rest.length() > WIDTH) {
            int cut = rest.lastIndexOf(' ', WIDTH);
            if (cut <= indent.length()) {
                break;
            }
            out.add(rest.substring(0, cut));
            rest = indent + rest.substring(cut + 1).stripLeading();
        }
        out.add(rest);
        return out;
    }
}

package dev.descent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code descent} and its commands as one picocli command line: the overview the help prints, each
 * command's help, and the tree the bash completion is generated from.
 */
final class CommandTree {

    private final List<Command> commands;

    /** The tree over {@code commands}, in the order the overview lists them. */
    CommandTree(List<Command> commands) {
        this.commands = commands;
    }

    /** The command called {@code name}, or bad input listing the commands. */
    Command find(String name) throws BadInputException {
        for (Command c : commands) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new BadInputException("unknown command '" + name + "' (commands: " + String.join(", ", names())
                + "; see descent help)");
    }

    /** The commands' names, in order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        commands.forEach(c -> names.add(c.name()));
        return names;
    }

    /** picocli's command line of {@code descent}: every command a subcommand, and the overview as its help. */
    CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name("descent").interpolateVariables(false);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).arity("0").type(boolean.class)
                .description("this help").build());
        CommandLine line = new CommandLine(spec);
        for (Command c : commands) {
            line.addSubcommand(c.name(), new CommandLine(c.model().spec()));
        }
        Map<String, CommandLine.IHelpSectionRenderer> renderers = new LinkedHashMap<>();
        renderers.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> """
                usage: descent COMMAND [OPTIONS]

                Descent runs neural-network optimizers (torch.optim's rules) on a Java reference, the Vector API
                and CUDA, and checks that every backend agrees with the reference and with PyTorch.
                """);
        renderers.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
            TextTable table = new TextTable("", "");
            for (Command c : commands) {
                table.add("  " + c.synopsis(), c.summary());
            }
            return "\ncommands:\n" + table.rowsText();
        });
        renderers.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> """

                'descent help COMMAND' explains one. JVM options (-Ddescent.backend=NAME, -Xmx8g) go in
                the DESCENT_JAVA_OPTS environment variable. Exit status: 0 passed, 1 a check failed, 2 bad input.
                """);
        spec.usageMessage().sectionKeys(List.copyOf(renderers.keySet())).sectionMap(renderers);
        return line;
    }

    /** The usage summary: every command with its synopsis. */
    void printOverview(PrintStream out) {
        commandLine().usage(out);
    }

    /** One command's help: its synopsis, what it does, its options. */
    static void printUsage(Command c, PrintStream out) {
        new CommandLine(c.model().spec()).usage(out);
    }
}

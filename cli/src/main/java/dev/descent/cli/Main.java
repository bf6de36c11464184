package dev.descent.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code descent} command: {@code descent COMMAND [OPTIONS]}. Run it through the {@code ./descent}
 * launcher, which adds the JVM flags Descent needs ({@code --add-modules jdk.incubator.vector
 * --enable-native-access=ALL-UNNAMED}). The commands, their options and their help are picocli
 * models ({@link CommandModel}); {@code descent completion} prints the bash completion generated
 * from them.
 */
public final class Main {

    /** Exit status: everything asked for passed. */
    public static final int OK = 0;
    /**
     * Exit status: a check failed (a replay or a verification beyond its tolerance), or a
     * minimization stopped without converging.
     */
    public static final int FAILED = 1;
    /** Exit status: bad arguments or bad input, reported as one line. */
    public static final int BAD_INPUT = 2;

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs the command line, printing results to {@code out} and problems to {@code err}.
     *
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #BAD_INPUT}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandTree tree = tree();
        if (args.length == 0) {
            tree.printOverview(err);
            return BAD_INPUT;
        }
        if (args[0].equals("-h") || args[0].equals("--help")) {
            tree.printOverview(out);
            return OK;
        }
        try {
            Command command = tree.find(args[0]);
            Arguments parsed = Arguments.parse(command.model().spec(), Arrays.asList(args).subList(1, args.length));
            if (parsed.help()) {
                CommandTree.printUsage(command, out);
                return OK;
            }
            return command.run(parsed, out, err);
        } catch (BadInputException e) {
            err.println("descent: " + e.getMessage());
            return BAD_INPUT;
        } catch (SparkRun.SparkFailure e) { // a Spark job that failed: its first line says which and why
            err.println("descent: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // A bug, not the user's input: one line by default, the stack trace on request.
            err.println("descent: internal error: " + e + (debug() ? "" : " (set DESCENT_DEBUG=1 for the stack trace)"));
            if (debug()) {
                e.printStackTrace(err);
            }
            return FAILED;
        }
    }

    /** Every command, in the order the help lists them. */
    static CommandTree tree() {
        List<Command> commands = new ArrayList<>(List.of(new BackendsCommand(), new VerifyCommand(),
                new VerifyTraceCommand(), new MinimizeCommand(), new TrainCommand(), new BenchCommand(), new LabCommand()));
        CommandTree tree = new CommandTree(commands);
        commands.add(new CompletionCommand(tree));
        commands.add(new HelpCommand(tree));
        return tree;
    }

    private static boolean debug() {
        String d = System.getenv("DESCENT_DEBUG");
        return d != null && !d.isBlank() && !d.equals("0");
    }
}

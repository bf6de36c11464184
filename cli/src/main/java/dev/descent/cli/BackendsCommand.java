package dev.descent.cli;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import java.io.PrintStream;

/** {@code descent backends}: one row per backend on the class path, whether it can run here, and why not. */
final class BackendsCommand implements Command {

    @Override
    public String name() {
        return "backends";
    }

    @Override
    public String synopsis() {
        return "backends";
    }

    @Override
    public String summary() {
        return "list the backends, whether each can run here, and why not";
    }

    @Override
    public CommandModel model() {
        return CommandModel.of(this).description("""
                Lists every backend found on the class path, highest priority first, and says \
                whether it can run on this machine and, if not, why. The last line names the \
                default backend: the available one of highest priority, or the one forced with \
                -Ddescent.backend=NAME (pass it in DESCENT_JAVA_OPTS).""");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (!args.operands().isEmpty()) {
            throw new BadInputException("'backends' takes no arguments, got '" + args.operands().getFirst() + "'");
        }
        TextTable table = new TextTable("BACKEND", "AVAILABLE", "WHY NOT");
        for (BackendProvider p : Backends.providers()) {
            Availability a = p.availability();
            table.add(p.name(), a.available() ? "yes" : "no", a.available() ? "" : a.reason());
        }
        table.print(out);
        out.println();
        String forced = System.getProperty(Backends.FORCE_PROPERTY);
        Backend best;
        try {
            best = Backends.best();
        } catch (RuntimeException e) {
            throw new BadInputException("-D" + Backends.FORCE_PROPERTY + "=" + forced + ": " + e.getMessage());
        }
        out.println("default: " + best.name() + (forced == null || forced.isBlank()
                ? " (the available backend of highest priority; force another with -D" + Backends.FORCE_PROPERTY + "=NAME)"
                : " (forced by -D" + Backends.FORCE_PROPERTY + ")"));
        return Main.OK;
    }
}

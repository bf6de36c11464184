package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.verify.ReplayResult;
import dev.descent.verify.Trace;
import dev.descent.verify.TraceFormatException;
import dev.descent.verify.TraceReader;
import dev.descent.verify.TraceReplay;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code descent verify-trace}: replays {@code descent-trace/1} files (runs recorded by PyTorch) on
 * the chosen backends and compares the parameters after every step.
 */
final class VerifyTraceCommand implements Command {

    @Override
    public String name() {
        return "verify-trace";
    }

    @Override
    public String synopsis() {
        return "verify-trace [--backend NAME|all] FILE...";
    }

    @Override
    public String summary() {
        return "replay descent-trace/1 files on each chosen backend";
    }

    @Override
    public CommandModel model() {
        return CommandModel.of(this).description("""
                Replays each trace file (an optimizer run recorded by PyTorch, see \
                ../shared/traces/FORMAT.md) on each chosen backend and prints, per file and \
                backend, the worst normalized error |ours - theirs| / (atol + rtol*|theirs|) over \
                all steps and elements, where it occurred (params[step][element] in the file), and \
                PASS (at most 1) or FAIL.""")
                .choice("backend", "NAME|all", BackendChoice.choices(),
                        "a backend, several separated by commas, or all available ones (the default)")
                .operands("FILE", true)
                .footer("""
                        Every file is read and checked before anything runs: a missing, unreadable or \
                        malformed file, an unknown optimizer or hyper-parameter stops with exit status 2. \
                        Exit status 0 if every replay passes, 1 otherwise.""");
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err) throws BadInputException {
        if (args.operands().isEmpty()) {
            throw new BadInputException("verify-trace needs at least one trace file (usage: descent " + synopsis() + ")");
        }
        List<Backend> backends = BackendChoice.select(args.option("backend", BackendChoice.ALL));
        List<Trace> traces = new ArrayList<>();
        for (String file : args.operands()) {
            traces.add(read(file));
        }
        TextTable table = new TextTable("TRACE", "OPTIMIZER", "BACKEND", "STEPS", "WORST ERROR", "AT", "RESULT")
                .alignRight(3, 4);
        int failed = 0;
        for (int i = 0; i < traces.size(); i++) {
            Trace trace = traces.get(i);
            for (Backend backend : backends) {
                ReplayResult r = TraceReplay.replay(trace, backend);
                if (!r.passed()) {
                    failed++;
                }
                String at = r.worstStep() < 0 ? "-" : "params[" + r.worstStep() + "][" + r.worstIndex() + "]";
                table.add(args.operands().get(i), trace.optimizer(), backend.name(), String.valueOf(trace.steps()),
                        Formats.error(r.worstError()), at, Formats.verdict(r.passed()));
            }
        }
        table.print(out);
        int replays = traces.size() * backends.size();
        out.println();
        out.println(failed == 0
                ? (replays == 1 ? "the replay passed" : "all " + replays + " replays passed")
                : failed + " of " + replays + " replays FAILED");
        return failed == 0 ? Main.OK : Main.FAILED;
    }

    /** Reads one trace; anything that goes wrong is about the user's file, so it is bad input. */
    private static Trace read(String file) throws BadInputException {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new BadInputException(file + ": not a valid path: " + e.getReason());
        }
        try {
            return TraceReader.read(path);
        } catch (TraceFormatException e) {
            throw new BadInputException(e.getMessage());
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": cannot read trace: " + e.getMessage());
        }
    }
}

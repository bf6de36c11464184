package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.verify.RecordedRun;
import dev.descent.verify.ReplayResult;
import dev.descent.verify.Trace;
import dev.descent.verify.TraceFormatException;
import dev.descent.verify.TraceReader;
import dev.descent.verify.TraceReplay;
import dev.descent.verify.TrainReplayResult;
import dev.descent.verify.TrainTrace;
import dev.descent.verify.TrainTraceReplay;
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
        return "replay descent-trace/1 and descent-train-trace/1 files on each chosen backend";
    }

    @Override
    public CommandModel model() {
        return CommandModel.of(this).description("""
                Replays each trace file on each chosen backend and prints, per file and backend, \
                the worst normalized error, where it occurred, and PASS (at most 1) or FAIL.

                descent-trace/1 (an optimizer run recorded by PyTorch, FORMAT.md): the trace's \
                gradients in, the parameters compared after every step, |ours - theirs| / (atol + \
                rtol*|theirs|), at params[step][element].

                descent-train-trace/1 (a multilayer perceptron trained by PyTorch, TRAIN-FORMAT.md): \
                the network from params0 (and the optimizer from state0, for a resumed run), then per \
                recorded batch the loss, its gradient by backpropagation and one step; each loss \
                compared as |ours - theirs| / (loss_rtol*|theirs|), at losses[step], and the final \
                weights as above, at params['name'][element].""")
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
        List<RecordedRun> traces = new ArrayList<>();
        for (String file : args.operands()) {
            traces.add(read(file));
        }
        TextTable table = new TextTable("TRACE", "OPTIMIZER", "BACKEND", "STEPS", "WORST ERROR", "AT", "RESULT")
                .alignRight(3, 4);
        int failed = 0;
        for (int i = 0; i < traces.size(); i++) {
            RecordedRun trace = traces.get(i);
            for (Backend backend : backends) {
                Outcome r = replay(trace, backend);
                if (!r.passed()) {
                    failed++;
                }
                table.add(args.operands().get(i), trace.optimizer(), backend.name(), String.valueOf(trace.steps()),
                        Formats.error(r.worst()), r.at(), Formats.verdict(r.passed()));
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

    /** One replay's worst normalized error, where it occurred, and whether it passed. */
    private record Outcome(double worst, String at, boolean passed) {
    }

    private static Outcome replay(RecordedRun trace, Backend backend) {
        return switch (trace) {
            case Trace t -> {
                ReplayResult r = TraceReplay.replay(t, backend);
                yield new Outcome(r.worstError(), r.worstStep() < 0 ? "-" : "params[" + r.worstStep() + "]["
                        + r.worstIndex() + "]", r.passed());
            }
            case TrainTrace t -> {
                TrainReplayResult r = TrainTraceReplay.replay(t, backend);
                yield new Outcome(r.worstError(), r.where(), r.passed());
            }
        };
    }

    /** Reads one trace; anything that goes wrong is about the user's file, so it is bad input. */
    private static RecordedRun read(String file) throws BadInputException {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new BadInputException(file + ": not a valid path: " + e.getReason());
        }
        try {
            return TraceReader.readAny(path);
        } catch (TraceFormatException e) {
            throw new BadInputException(e.getMessage());
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": cannot read trace: " + e.getMessage());
        }
    }
}

package dev.descent.lab;

import dev.descent.backend.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the lab runs its experiments.
 *
 * @param backend the backend every optimizer steps on
 * @param seed the seed of every random choice (data, starting points, noise); a run is a function of it
 * @param quick true for the small sizes that finish in seconds (CI), false for the full run
 * @param out the output folder: each experiment writes into {@code out/<name>/}, the report into {@code out/report.md}
 * @param progress receives one line at a time on what is running (the command prints it on stderr)
 */
public record LabRun(Backend backend, long seed, boolean quick, Path out, Consumer<String> progress) {

    public LabRun {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(progress, "progress");
    }

    /** The folder of experiment {@code name} ({@code out/<name>}), created if missing. */
    public Path directory(String name) throws IOException {
        return Files.createDirectories(out.resolve(name));
    }

    /** {@code file} relative to the output folder, with forward slashes: how the report and claims name a figure. */
    public String relative(Path file) {
        return out.relativize(file).toString().replace('\\', '/');
    }

    /** {@code quick} when the run is quick, else {@code full}: an experiment's size in one expression. */
    public int size(int quick, int full) {
        return this.quick ? quick : full;
    }

    /** Reports {@code line} to the progress sink. */
    public void say(String line) {
        progress.accept(line);
    }
}

package dev.descent.bench.harness;

/** Told what a {@link BenchSuite} is about to measure, so that a long run can show how far it is. */
@FunctionalInterface
public interface ProgressListener {

    /** Nothing is shown. */
    ProgressListener NONE = (done, total, next) -> { };

    /**
     * Called before each task.
     *
     * @param done the tasks finished so far
     * @param total all the tasks of the run
     * @param next what is measured now ({@code adam · simd ×2 · 1e7})
     */
    void starting(int done, int total, String next);
}

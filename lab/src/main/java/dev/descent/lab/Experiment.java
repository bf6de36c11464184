package dev.descent.lab;

import java.io.IOException;

/**
 * One experiment of the lab: a claim of the course (or of a paper it cites) turned into a seeded,
 * deterministic computation whose figures and numbers decide whether the claim holds.
 * {@link Lab#experiments()} lists them all.
 */
public interface Experiment {

    /** The name {@code ./descent lab NAME} selects, and the folder under the output the figures go to ({@code momentum}). */
    String name();

    /** A title for the report's heading ({@code Momentum: terminal velocity and the schedule}). */
    String title();

    /**
     * Runs the experiment with {@code run}'s backend, seed and size, writing its figures into
     * {@link LabRun#directory(String) run.directory(name())}.
     *
     * @return the table, the figures and a verdict per claim
     * @throws IOException if a figure cannot be written
     */
    ExperimentResult run(LabRun run) throws IOException;
}

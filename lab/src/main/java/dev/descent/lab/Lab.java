package dev.descent.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The lab's experiments, in the order of the course, and a run of several of them. */
public final class Lab {

    private Lab() {
    }

    /** Every experiment, in the order (1: gradient descent's convergence, 2: momentum, ...). */
    public static List<Experiment> experiments() {
        return List.of(
                new GradientDescentConvergence(),
                new Momentum(),
                new RadfordTrajectories(),
                new LocalGains(),
                new RpropVsRmsprop(),
                new Generalisation(),
                new ClosingAdvice());
    }

    /** The experiments' names, in order. */
    public static List<String> names() {
        return experiments().stream().map(Experiment::name).toList();
    }

    /**
     * The experiment called {@code name}.
     *
     * @throws IllegalArgumentException naming the known experiments, if there is none of that name
     */
    public static Experiment find(String name) {
        for (Experiment e : experiments()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown experiment '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /**
     * Runs {@code experiments} one after the other and writes {@code report.md} into the run's output
     * folder ({@link LabReport}).
     *
     * @return the results, in the order run
     * @throws IOException if a figure or the report cannot be written
     */
    public static List<ExperimentResult> run(List<Experiment> experiments, LabRun run) throws IOException {
        return run(experiments, run, run.out().resolve(LabReport.FILE));
    }

    /**
     * Runs {@code experiments} one after the other and writes their report to {@code report}, its
     * links to the figures relative to it.
     *
     * @return the results, in the order run
     * @throws IOException if a figure or the report cannot be written
     */
    public static List<ExperimentResult> run(List<Experiment> experiments, LabRun run, Path report) throws IOException {
        List<ExperimentResult> results = new ArrayList<>();
        for (Experiment e : experiments) {
            run.say(e.name() + ": " + e.title());
            long start = System.nanoTime();
            ExperimentResult r = e.run(run);
            results.add(r);
            long holding = r.claims().stream().filter(Claim::holds).count();
            run.say(String.format(java.util.Locale.ROOT, "%s: %d of %d claims hold (%.1f s)", e.name(), holding,
                    r.claims().size(), (System.nanoTime() - start) / 1e9));
        }
        LabReport.write(results, run, report);
        return results;
    }
}

package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Trajectory;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * How {@code descent minimize} prints a {@link MinimizeResult}: a short summary for people, or one
 * JSON object on one line for programs.
 *
 * @param problem the problem's name
 * @param n the number of variables
 * @param dtype {@code float64} or {@code float32}
 * @param backend the backend's name
 * @param result the run's result
 * @param spark where a {@code --spark} run ran and what it read, or null for a run in this JVM
 */
record MinimizeReport(String problem, int n, String dtype, String backend, MinimizeResult result, SparkSummary spark) {

    /** The report of a run in this JVM. */
    MinimizeReport(String problem, int n, String dtype, String backend, MinimizeResult result) {
        this(problem, n, dtype, backend, result, null);
    }

    /** The summary, and the trajectory one iterate per line when the result has one. */
    void printText(PrintStream out) {
        MinimizeResult r = result;
        out.println(r.method() + " on " + problem + " (n = " + n + ", " + dtype + ", backend " + backend + ")");
        TextTable table = new TextTable("", "");
        table.add("stop", r.stopReason().label() + ": " + r.stopDetail());
        table.add("iterations", String.valueOf(r.iterations()));
        table.add("evaluations", r.functionEvaluations() + " f, " + r.gradientEvaluations() + " g"
                + (r.curvatureProducts() > 0 ? ", " + r.curvatureProducts() + " curvature products" : ""));
        table.add("f", String.format(Locale.ROOT, "%.10g", r.value()));
        // A value-reduction stop can end a run with the gradient still above gtol: say so.
        table.add("‖g‖∞", String.format(Locale.ROOT, "%.3g", r.gradientNorm())
                + (r.gradientTestHolds() ? "" : " (above gtol: the gradient test does not hold)"));
        table.add("time", String.format(Locale.ROOT, "%.3f s", r.seconds()));
        if (spark != null) {
            table.add("spark", String.format(Locale.ROOT, "%s, %d examples in %d partitions, %d passes over the data%s,"
                    + " %d bytes broadcast", spark.master(), spark.examples(), spark.partitions(), spark.passes(),
                    spark.sampledPasses() > 0 ? " (" + spark.sampledPasses() + " on a curvature sample)" : "",
                    spark.bytesBroadcast()));
        }
        table.printRows(out);
        r.trajectory().ifPresent(t -> printTrajectory(t, out));
    }

    private static void printTrajectory(Trajectory t, PrintStream out) {
        double[] values = t.values();
        List<double[]> points = t.points();
        out.println();
        TextTable table = points.isEmpty() ? new TextTable("K", "F").alignRight(0)
                : new TextTable("K", "F", "X").alignRight(0);
        for (int k = 0; k < values.length; k++) {
            String f = String.format(Locale.ROOT, "%.10g", values[k]);
            if (points.isEmpty()) {
                table.add(String.valueOf(k), f);
            } else {
                StringJoiner x = new StringJoiner(", ", "(", ")");
                for (double v : points.get(k)) {
                    x.add(String.format(Locale.ROOT, "%.8g", v));
                }
                table.add(String.valueOf(k), f, x.toString());
            }
        }
        table.print(out);
    }

    /**
     * One line: {@code {"method", "problem", "n", "backend", "iterations", "f_evals", "g_evals", "f",
     * "grad_norm", "stop", "seconds"}}, {@code "trajectory": {"values": [...], "points": [...]}}
     * when the result has one, and {@code "spark": {"master", "examples", "partitions", "passes",
     * "sampled_passes", "bytes_broadcast"}} for a run on Spark. Non-finite numbers, which JSON cannot hold, are {@code null}.
     */
    String json() {
        MinimizeResult r = result;
        ObjectNode o = Json.object();
        o.put("method", r.method());
        o.put("problem", problem);
        o.put("n", n);
        o.put("backend", backend);
        o.put("iterations", r.iterations());
        o.put("f_evals", r.functionEvaluations());
        o.put("g_evals", r.gradientEvaluations());
        Json.number(o, "f", r.value());
        Json.number(o, "grad_norm", r.gradientNorm());
        o.put("stop", r.stopReason().label());
        Json.number(o, "seconds", r.seconds());
        if (spark != null) {
            ObjectNode s = o.putObject("spark");
            s.put("master", spark.master());
            s.put("examples", spark.examples());
            s.put("partitions", spark.partitions());
            s.put("passes", spark.passes());
            s.put("sampled_passes", spark.sampledPasses());
            s.put("bytes_broadcast", spark.bytesBroadcast());
        }
        r.trajectory().ifPresent(t -> {
            ObjectNode trajectory = o.putObject("trajectory");
            trajectory.set("values", Json.array(t.values()));
            ArrayNode points = trajectory.putArray("points");
            t.points().forEach(p -> points.add(Json.array(p)));
        });
        return Json.line(o);
    }
}

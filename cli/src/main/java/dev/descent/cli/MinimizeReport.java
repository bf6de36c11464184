package dev.descent.cli;

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
 */
record MinimizeReport(String problem, int n, String dtype, String backend, MinimizeResult result) {

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
        table.add("‖g‖∞", String.format(Locale.ROOT, "%.3g", r.gradientNorm()));
        table.add("time", String.format(Locale.ROOT, "%.3f s", r.seconds()));
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
     * "grad_norm", "stop", "seconds"}}, and {@code "trajectory": {"values": [...], "points": [...]}}
     * when the result has one. Non-finite numbers, which JSON cannot hold, are {@code null}.
     */
    String json() {
        MinimizeResult r = result;
        StringBuilder s = new StringBuilder("{");
        s.append("\"method\":").append(string(r.method()));
        s.append(",\"problem\":").append(string(problem));
        s.append(",\"n\":").append(n);
        s.append(",\"backend\":").append(string(backend));
        s.append(",\"iterations\":").append(r.iterations());
        s.append(",\"f_evals\":").append(r.functionEvaluations());
        s.append(",\"g_evals\":").append(r.gradientEvaluations());
        s.append(",\"f\":").append(number(r.value()));
        s.append(",\"grad_norm\":").append(number(r.gradientNorm()));
        s.append(",\"stop\":").append(string(r.stopReason().label()));
        s.append(",\"seconds\":").append(number(r.seconds()));
        r.trajectory().ifPresent(t -> {
            s.append(",\"trajectory\":{\"values\":").append(array(t.values()));
            StringJoiner points = new StringJoiner(",", "[", "]");
            t.points().forEach(p -> points.add(array(p)));
            s.append(",\"points\":").append(points).append('}');
        });
        return s.append('}').toString();
    }

    private static String array(double[] values) {
        StringJoiner out = new StringJoiner(",", "[", "]");
        for (double v : values) {
            out.add(number(v));
        }
        return out.toString();
    }

    /** A JSON number in Java's shortest round-trip form ({@code 4.2E-11} is valid JSON), or null. */
    static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

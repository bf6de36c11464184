package dev.descent.objective;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the built-in problems by name, with options given as strings (as on the command line).
 *
 * <table>
 * <caption>Problems and their options</caption>
 * <tr><th>name</th><th>n (0 = default)</th><th>options</th></tr>
 * <tr><td>{@code quadratic}</td><td>any ≥ 1 (1000)</td><td>{@code cond} κ ≥ 1 (1e4); {@code dense}
 *     true/false (false: {@code A = diag(logspace(0, log₁₀κ, n))}; true: a seeded random SPD matrix
 *     with condition κ, n ≤ {@value Quadratic#MAX_DENSE_DIMENSION}); {@code seed} (0, dense only)</td></tr>
 * <tr><td>{@code rosenbrock}</td><td>even ≥ 2 (2)</td><td>none</td></tr>
 * <tr><td>{@code beale}</td><td>2</td><td>none</td></tr>
 * <tr><td>{@code saddle}</td><td>2</td><td>none</td></tr>
 * <tr><td>{@code logistic}</td><td>features (10, or the file's)</td><td>{@code l2} λ ≥ 0 (1e-3);
 *     synthetic data: {@code rows} (1000), {@code seed} (0); or {@code data}: a CSV file
 *     ({@link LabeledDataCsv})</td></tr>
 * </table>
 */
public final class Problems {

    /** The problem names, in the order they are documented. */
    public static final List<String> NAMES = List.of("quadratic", "rosenbrock", "beale", "saddle", "logistic");

    /** The default condition number κ of {@code quadratic}. */
    public static final double DEFAULT_COND = 1e4;

    /** The default L2 coefficient λ of {@code logistic}. */
    public static final double DEFAULT_L2 = 1e-3;

    private Problems() {
    }

    /** The problem {@code name} with its default dimension and options. */
    public static Objective create(String name) {
        return create(name, 0, Map.of());
    }

    /**
     * The problem {@code name} in {@code n} variables ({@code 0} for the problem's default) with
     * {@code options}.
     *
     * @throws IllegalArgumentException for an unknown name, a dimension the problem cannot take, an
     *     unknown option or an invalid value, naming which
     */
    public static Objective create(String name, int n, Map<String, String> options) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + " is invalid: must be ≥ 1 (or 0 for the problem's default)");
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "quadratic" -> quadratic(n, new ProblemOptions(key, options, "cond", "dense", "seed"));
            case "rosenbrock" -> {
                ProblemOptions.requireNone(key, options);
                yield new Rosenbrock(n == 0 ? 2 : n);
            }
            case "beale" -> {
                ProblemOptions.requireNone(key, options);
                HostObjective.requireDimension(key, n == 0 ? 2 : n, 2);
                yield new Beale();
            }
            case "saddle" -> {
                ProblemOptions.requireNone(key, options);
                HostObjective.requireDimension(key, n == 0 ? 2 : n, 2);
                yield new Saddle();
            }
            case "logistic" -> logistic(n, new ProblemOptions(key, options, "l2", "rows", "seed", "data"));
            default -> throw new IllegalArgumentException("unknown problem '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    private static Objective quadratic(int n, ProblemOptions o) {
        int dim = n == 0 ? 1000 : n;
        double cond = o.number("cond", DEFAULT_COND);
        if (!(cond >= 1) || Double.isInfinite(cond)) {
            throw o.invalid("cond", o.string("cond", ""), "is invalid: must be in [1, ∞)");
        }
        if (!o.flag("dense", false)) {
            o.reject("seed", "applies only with dense = true");
            return Quadratic.logspaceDiagonal(dim, cond);
        }
        if (dim > Quadratic.MAX_DENSE_DIMENSION) {
            throw new IllegalArgumentException("problem 'quadratic': dense = true needs n ≤ "
                    + Quadratic.MAX_DENSE_DIMENSION + ", got n = " + dim);
        }
        return Quadratic.denseSpd(dim, cond, o.integer("seed", 0));
    }

    private static Objective logistic(int n, ProblemOptions o) {
        double l2 = o.number("l2", DEFAULT_L2);
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw o.invalid("l2", o.string("l2", ""), "is invalid: must be in [0, ∞)");
        }
        LabeledData data;
        if (o.has("data")) {
            o.reject("rows", "does not apply with 'data' (the file sets the rows)");
            o.reject("seed", "does not apply with 'data' (the file is the data)");
            data = LabeledDataCsv.read(Path.of(o.string("data", "")));
            if (n != 0 && n != data.cols()) {
                throw new IllegalArgumentException("problem 'logistic': n = " + n + " but " + o.string("data", "")
                        + " has " + data.cols() + " features");
            }
        } else {
            data = LabeledData.synthetic(o.positiveInt("rows", 1000), n == 0 ? 10 : n, o.integer("seed", 0));
        }
        return new LogisticRegression(data, l2);
    }
}

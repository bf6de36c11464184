package dev.descent.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Problems}: the defaults the issue specifies, and a clear error for every bad request. */
class ProblemsTest {

    private final Backend backend = new ReferenceBackend();

    private static String error(String name, int n, Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> Problems.create(name, n, options)).getMessage();
    }

    @Test
    void theDefaultQuadraticIsTheScipyTablesProblem() {
        // ½xᵀDx with D = logspace(0, 4, 1000), b = 0, x0 = 1: f(x0) = ½·Σ dᵢ and ∇f(x0) = D·1.
        Objective f = Problems.create("quadratic");
        assertEquals(1000, f.dimension());
        double[] d = Quadratic.eigenvalues(1000, 1e4);
        assertEquals(1, d[0], 0);
        assertEquals(1e4, d[999], 1e-9);
        try (Tensor x = f.startingPoint(backend); Tensor g = backend.allocate("g", DType.FLOAT64, 1000)) {
            double half = 0;
            for (double v : d) {
                half += 0.5 * v;
            }
            assertEquals(half, f.valueAndGradient(x, g), 1e-9 * half);
            assertArrayEquals(d, g.toDoubleArray(), 1e-9);
        }
    }

    @Test
    void denseQuadraticHasTheRequestedConditionNumber() {
        // The Rayleigh quotient of A over its eigenbasis is in [1, κ]; power iteration on A and on
        // κ·I − A gives the extreme eigenvalues 1 and κ to 1e-6 relative after 2000 steps (n = 8).
        Quadratic q = (Quadratic) Problems.create("quadratic", 8, Map.of("dense", "true", "cond", "100", "seed", "7"));
        assertEquals(100, extremeEigenvalue(q, false), 1e-6 * 100);
        assertEquals(1, extremeEigenvalue(q, true), 1e-6);
        Quadratic same = (Quadratic) Problems.create("quadratic", 8, Map.of("dense", "true", "cond", "100", "seed", "7"));
        assertEquals(valueAt(q, 0.3), valueAt(same, 0.3), 0.0, "the seed fixes the matrix");
    }

    private double valueAt(Objective f, double c) {
        double[] x = new double[f.dimension()];
        java.util.Arrays.fill(x, c);
        try (Tensor t = backend.fromArray("x", x); Tensor g = backend.allocate("g", DType.FLOAT64, x.length)) {
            return f.valueAndGradient(t, g);
        }
    }

    /** The largest eigenvalue of A, or the smallest (via κ·I − A with κ = 100). */
    private double extremeEigenvalue(Quadratic q, boolean smallest) {
        int n = q.dimension();
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        double lambda = 0;
        try (Tensor vt = backend.allocate("v", DType.FLOAT64, n); Tensor av = backend.allocate("av", DType.FLOAT64, n)) {
            for (int it = 0; it < 2000; it++) {
                vt.copyFrom(v);
                q.hessianVectorProduct(vt, vt, av);
                double[] w = av.toDoubleArray();
                if (smallest) {
                    for (int i = 0; i < n; i++) {
                        w[i] = 100 * v[i] - w[i];
                    }
                }
                double norm = 0;
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    norm += w[i] * w[i];
                    dot += w[i] * v[i];
                }
                lambda = dot;
                norm = Math.sqrt(norm);
                for (int i = 0; i < n; i++) {
                    v[i] = w[i] / norm;
                }
            }
        }
        return smallest ? 100 - lambda : lambda;
    }

    @Test
    void rosenbrockStartsAtMinusOnePointTwoOne() {
        Objective f = Problems.create("rosenbrock", 6, Map.of());
        assertArrayEquals(new double[] {-1.2, 1, -1.2, 1, -1.2, 1}, f.startingValues());
        assertEquals(2, Problems.create("rosenbrock").dimension());
        // 24.2 per pair: 100·(1 − 1.44)² + 2.2²
        assertEquals(3 * 24.2, valueOfStart(f), 1e-12);
    }

    private double valueOfStart(Objective f) {
        try (Tensor x = f.startingPoint(backend); Tensor g = backend.allocate("g", DType.FLOAT64, f.dimension())) {
            return f.valueAndGradient(x, g);
        }
    }

    @Test
    void logisticDefaultsToSyntheticDataWithTheDefaultL2() {
        LogisticRegression f = assertInstanceOf(LogisticRegression.class, Problems.create("logistic"));
        assertEquals(10, f.dimension());
        assertEquals(1000, f.exampleCount());
        assertEquals(1e-3, f.l2());
        LogisticRegression g = (LogisticRegression) Problems.create("logistic", 4, Map.of("rows", "50", "l2", "0.5"));
        assertEquals(4, g.dimension());
        assertEquals(50, g.exampleCount());
        assertEquals(0.5, g.l2());
    }

    @Test
    void unknownNamesAndOptionsAreNamed() {
        assertEquals("unknown problem 'banana' (known: quadratic, rosenbrock, beale, saddle, logistic)",
                error("banana", 0, Map.of()));
        assertEquals("unknown option 'kappa' for problem 'quadratic' (options: cond, dense, seed)",
                error("quadratic", 0, Map.of("kappa", "3")));
        assertEquals("unknown option 'cond' for problem 'rosenbrock' (it takes no options)",
                error("rosenbrock", 0, Map.of("cond", "3")));
    }

    @Test
    void badValuesAndDimensionsAreNamed() {
        assertEquals("problem 'quadratic': option cond = 'x' is not a number", error("quadratic", 0, Map.of("cond", "x")));
        assertEquals("problem 'quadratic': option cond = '0.5' is invalid: must be in [1, ∞)",
                error("quadratic", 0, Map.of("cond", "0.5")));
        assertEquals("problem 'quadratic': option dense = 'maybe' is not true or false",
                error("quadratic", 0, Map.of("dense", "maybe")));
        assertEquals("problem 'quadratic': option 'seed' applies only with dense = true",
                error("quadratic", 0, Map.of("seed", "3")));
        assertEquals("problem 'quadratic': dense = true needs n ≤ 1024, got n = 5000",
                error("quadratic", 5000, Map.of("dense", "true")));
        assertEquals("problem 'rosenbrock' pairs its variables: n must be even and ≥ 2, got 3", error("rosenbrock", 3, Map.of()));
        assertEquals("problem 'beale' is 2-dimensional; n = 3 is invalid", error("beale", 3, Map.of()));
        assertEquals("problem 'saddle' is 2-dimensional; n = 5 is invalid", error("saddle", 5, Map.of()));
        assertEquals("n = -1 is invalid: must be ≥ 1 (or 0 for the problem's default)", error("rosenbrock", -1, Map.of()));
        assertEquals("problem 'logistic': option l2 = '-1' is invalid: must be in [0, ∞)",
                error("logistic", 0, Map.of("l2", "-1")));
        assertEquals("problem 'logistic': option rows = '0' must be an integer in [1, 2147483647]",
                error("logistic", 0, Map.of("rows", "0")));
    }

    @Test
    void logisticReadsItsDataFileAndChecksTheOptionsThatClash(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "a,b,label\n1,2,1\n3,4,0\n");
        LogisticRegression f = (LogisticRegression) Problems.create("logistic", 0, Map.of("data", csv.toString()));
        assertEquals(2, f.dimension());
        assertEquals(2, f.exampleCount());
        assertEquals("problem 'logistic': option 'rows' does not apply with 'data' (the file sets the rows)",
                error("logistic", 0, Map.of("data", csv.toString(), "rows", "5")));
        assertEquals("problem 'logistic': n = 3 but " + csv + " has 2 features",
                error("logistic", 3, Map.of("data", csv.toString())));
        assertTrue(Problems.NAMES.contains("logistic"));
    }
}

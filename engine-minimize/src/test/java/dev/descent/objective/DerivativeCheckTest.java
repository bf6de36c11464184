package dev.descent.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in problem's analytic derivatives against finite differences, at a random point, on
 * the reference backend in float64: the gradient against central differences of f, the exact
 * Hessian-vector product against the default central difference of gradients, the Gauss–Newton
 * product against the Hessian where they must agree, and the diagonal curvature against the
 * diagonal of the matrix it estimates.
 */
class DerivativeCheckTest {

    private final Backend backend = new ReferenceBackend();

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("quadratic (diagonal)", (Supplier<Objective>) () -> Quadratic.logspaceDiagonal(7, 100)),
                Arguments.of("quadratic (dense)", (Supplier<Objective>) () -> Quadratic.denseSpd(6, 50, 3)),
                Arguments.of("rosenbrock", (Supplier<Objective>) () -> new Rosenbrock(6)),
                Arguments.of("beale", (Supplier<Objective>) Beale::new),
                Arguments.of("saddle", (Supplier<Objective>) Saddle::new),
                Arguments.of("logistic", (Supplier<Objective>) () ->
                        new LogisticRegression(LabeledData.synthetic(40, 5, 11), 0.01)));
    }

    /** A point near the usual region of each problem, but not a special one. */
    private static double[] randomPoint(Objective f, long seed) {
        Random r = new Random(seed);
        double[] x = f.startingValues();
        for (int i = 0; i < x.length; i++) {
            x[i] += 0.3 * r.nextGaussian();
        }
        return x;
    }

    private double value(Objective f, double[] x) {
        try (Tensor t = backend.fromArray("x", x); Tensor g = backend.allocate("g", DType.FLOAT64, x.length)) {
            return f.valueAndGradient(t, g);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void gradientMatchesCentralDifferencesOfTheValue(String label, Supplier<Objective> make) {
        // Central differences with h = 1e-5 err by O(h²·f''') + O(u·f/h) ≈ 1e-8 relative here; 1e-6
        // relative to the gradient's scale leaves a wide margin and still catches any wrong term.
        Objective f = make.get();
        double[] x = randomPoint(f, 1);
        double[] g = new double[x.length];
        try (Tensor t = backend.fromArray("x", x); Tensor gt = backend.allocate("g", DType.FLOAT64, x.length)) {
            f.valueAndGradient(t, gt);
            gt.copyTo(g);
        }
        double scale = maxAbs(g) + 1;
        for (int i = 0; i < x.length; i++) {
            double h = 1e-5 * Math.max(1, Math.abs(x[i]));
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (value(f, plus) - value(f, minus)) / (plus[i] - minus[i]);
            assertEquals(fd, g[i], 1e-6 * scale, label + ": ∂f/∂x" + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void exactHessianVectorProductMatchesDifferencesOfGradients(String label, Supplier<Objective> make) {
        // The default product (Objective's central difference, error ≈ u^(2/3) ≈ 4e-11 relative
        // for smooth f) against the exact one: 1e-6 relative to the product's scale.
        Objective f = make.get();
        assertTrue(f.hasExactHessianVectorProduct(), label + " has an exact product");
        double[] x = randomPoint(f, 2);
        double[] v = randomPoint(f, 3);
        double[] exact = new double[x.length];
        double[] fd = new double[x.length];
        try (Tensor t = backend.fromArray("x", x); Tensor vt = backend.fromArray("v", v);
                Tensor out = backend.allocate("out", DType.FLOAT64, x.length)) {
            f.hessianVectorProduct(t, vt, out);
            out.copyTo(exact);
            FiniteDifferenceCurvature.hessianVector(f, t, vt, out);
            out.copyTo(fd);
        }
        double scale = maxAbs(exact) + 1;
        for (int i = 0; i < x.length; i++) {
            assertEquals(exact[i], fd[i], 1e-6 * scale, label + ": (Hv)" + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void diagonalCurvatureIsTheDiagonalOfTheCurvatureMatrix(String label, Supplier<Objective> make) {
        // diag(C) read off column by column with unit vectors: the same sums in another order, so
        // agreement to 1e-12 relative.
        Objective f = make.get();
        assertTrue(f.hasDiagonalCurvature(), label + " has a diagonal curvature");
        double[] x = randomPoint(f, 4);
        int n = x.length;
        try (Tensor t = backend.fromArray("x", x); Tensor e = backend.allocate("e", DType.FLOAT64, n);
                Tensor col = backend.allocate("col", DType.FLOAT64, n);
                Tensor diag = backend.allocate("diag", DType.FLOAT64, n)) {
            f.diagonalCurvature(t, diag);
            double[] d = diag.toDoubleArray();
            for (int j = 0; j < n; j++) {
                double[] unit = new double[n];
                unit[j] = 1;
                e.copyFrom(unit);
                if (f.hasGaussNewtonVectorProduct()) {
                    f.gaussNewtonVectorProduct(t, e, col);
                } else {
                    f.hessianVectorProduct(t, e, col);
                }
                assertEquals(col.toDoubleArray()[j], d[j], 1e-12 * (Math.abs(d[j]) + 1), label + ": C[" + j + "][" + j + "]");
            }
        }
    }

    @Test
    void gaussNewtonEqualsTheHessianWhereTheResidualsVanish() {
        // At the minimum of a zero-residual sum of squares, H = 2JᵀJ + Σ rᵢ∇²rᵢ = 2JᵀJ exactly.
        for (Objective f : List.of(new Rosenbrock(4), new Beale())) {
            double[] xStar = f instanceof Beale ? new double[] {3, 0.5} : new double[] {1, 1, 1, 1};
            double[] v = randomPoint(f, 5);
            try (Tensor t = backend.fromArray("x", xStar); Tensor vt = backend.fromArray("v", v);
                    Tensor h = backend.allocate("h", DType.FLOAT64, v.length);
                    Tensor g = backend.allocate("g", DType.FLOAT64, v.length)) {
                f.hessianVectorProduct(t, vt, h);
                f.gaussNewtonVectorProduct(t, vt, g);
                double[] hv = h.toDoubleArray();
                double[] gv = g.toDoubleArray();
                for (int i = 0; i < v.length; i++) {
                    assertEquals(hv[i], gv[i], 1e-12 * (Math.abs(hv[i]) + 1), f.name() + " component " + i);
                }
            }
        }
    }

    @Test
    void theSaddleHasNoGaussNewtonProduct() {
        Objective f = new Saddle();
        assertFalse(f.hasGaussNewtonVectorProduct());
        try (Tensor x = f.startingPoint(backend)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> f.gaussNewtonVectorProduct(x, x, x));
            assertEquals("problem 'saddle' has no Gauss-Newton-vector product", e.getMessage());
        }
    }

    @Test
    void float32TensorsGiveTheFloat64ResultRoundedOnce() {
        // The problems compute in double from the (exactly widened) float32 x, and round the gradient
        // once: so each float32 gradient element is the float64 one rounded to nearest.
        Objective f = new Rosenbrock(6);
        float[] x32 = {-1.2f, 1f, 0.5f, 0.25f, 2f, 3.5f};
        double[] x64 = new double[x32.length];
        for (int i = 0; i < x32.length; i++) {
            x64[i] = x32[i];
        }
        try (Tensor a = backend.fromArray("x32", x32); Tensor ga = backend.allocate("g32", DType.FLOAT32, 6);
                Tensor b = backend.fromArray("x64", x64); Tensor gb = backend.allocate("g64", DType.FLOAT64, 6)) {
            assertEquals(f.valueAndGradient(b, gb), f.valueAndGradient(a, ga), 0.0);
            float[] g32 = ga.toFloatArray();
            double[] g64 = gb.toDoubleArray();
            for (int i = 0; i < 6; i++) {
                assertEquals((float) g64[i], g32[i], 0.0f, "gradient element " + i);
            }
        }
    }

    @Test
    void rejectsTensorsOfTheWrongSize() {
        Objective f = new Rosenbrock(4);
        try (Tensor x = backend.allocate("x", DType.FLOAT64, 6); Tensor g = backend.allocate("g", DType.FLOAT64, 4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.valueAndGradient(x, g));
            assertEquals("problem 'rosenbrock' has n = 4 but x tensor 'x' has 6 elements", e.getMessage());
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}

package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.minimize.MiniBatchTraining;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.objective.Objective;
import dev.descent.objective.Problems;
import dev.descent.objective.Quadratic;
import dev.descent.objective.Rosenbrock;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every minimizer and every first-order optimizer trained on mini-batches, on every non-reference
 * backend (unavailable ones, such as CUDA without a GPU, are skipped with their reason), against the
 * same run on the reference backend: the same minimum, and iteration counts that agree as far as the
 * arithmetic allows.
 *
 * <p>Why counts may differ: the SIMD backend's elementwise operations (axpy, scale, copy, ...) equal
 * the reference's bit for bit, but its {@code dot} and {@code norm2} sum in another order (one partial
 * sum per vector lane, fused multiply-adds), so inner products differ in the last bits. Step lengths,
 * β and line-search decisions inherit those ~1e-16 relative differences. On well-conditioned
 * problems that rarely changes a decision, but a Wolfe test or the gtol test that lands within
 * rounding of its threshold can go the other way and the runs then part by a few iterations
 * The tolerance is therefore {@code |Δiterations| ≤ 2 + 10%} of the reference's count. The exception
 * is Fletcher–Reeves on extended Rosenbrock: its β = ‖g₊‖²/‖g‖² never restarts by itself, so after a
 * rounding-level difference it can spend tens of iterations in a near-orthogonal zig-zag (66 against
 * 92 on SIMD, 62 against 67 with another summation order); there only the minimum is compared. On an ill-conditioned problem
 * (κ = 1e4) the nonlinear methods amplify the differences over thousands of iterations (Polak–Ribière+
 * on {@code diag(logspace(0, 4, 200))}: 1661 against 1316), so there only the minimum is compared,
 * except for linear CG whose reorthogonalized residuals make it terminate in a fixed number of steps.
 *
 * <p>Same minimum: both runs stop on the gradient test ({@code ‖g‖∞ ≤ gtol}), which bounds the
 * distance to the minimizer x* by the curvature: on {@code ½xᵀDx} with {@code D ≥ 1} diagonal,
 * {@code |xᵢ| = |gᵢ|/dᵢ ≤ gtol}; on extended Rosenbrock, whose Hessian is 2×2 blocks with smallest
 * eigenvalue μ ≈ 0.399 at x* = 1, {@code ‖x_pair − 1‖₂ ≲ √2·gtol/μ ≈ 3.5·gtol} (allowed: 5·gtol); on
 * the logistic problem below (Hessian eigenvalues in [0.126, 0.293]), {@code ‖x − x*‖₂ ≤ ‖g‖₂/μ ≤
 * √20·gtol/0.126 ≈ 35·gtol}, so two runs are within 70·gtol of each other.
 *
 * <p>Mini-batch training steps float32 kernels, which are bitwise equal on SIMD, but the logistic
 * objective's kernels sum in another order on each backend (and SIMD's vectorized exp/log1p are within
 * 2 ulps of the reference's), so a float32 gradient can round one ulp apart now and then and the
 * runs part by rounding: after 50 steps every backend must reach a final loss within 1e-4 of the
 * reference's and parameters within 1e-3 (the parameters are O(1), and float32 ulp-level
 * differences in a few of the 50 steps stay orders of magnitude below that).
 */
class MinimizerAgreementTest {

    private static final double GTOL = Stopping.DEFAULT_GTOL;

    /** The gtol that float32 can reach on these problems (see Float32Test in engine-minimize). */
    private static final double GTOL_FLOAT32 = 1e-3;

    static Stream<Arguments> wellConditioned() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> Minimizers.NAMES.stream().flatMap(m -> Stream.of(
                Arguments.of(b, m, DType.FLOAT64), Arguments.of(b, m, DType.FLOAT32))));
    }

    static Stream<Arguments> everyMethod() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> Minimizers.NAMES.stream().map(m -> Arguments.of(b, m)));
    }

    static Stream<Arguments> optimizers() {
        return BackendsUnderTest.nonReferenceNames().flatMap(b -> OptimizerSpecs.names().stream()
                .map(o -> Arguments.of(b, o)));
    }

    /** A run's result and final point. */
    private record Outcome(MinimizeResult result, double[] x) {
    }

    private static Outcome run(Minimizer m, Objective f, Backend backend, DType dtype) {
        try (Tensor x = f.startingPoint(backend, dtype)) {
            MinimizeResult r = m.minimize(f, x);
            return new Outcome(r, x.toDoubleArray());
        }
    }

    /** Dense methods get smaller problems: Newton builds n Hessian columns per iteration, BFGS an n×n matrix. */
    private static int size(String method, int n) {
        return switch (method) {
            case "newton" -> Math.min(n, 20);
            case "bfgs" -> Math.min(n, 100);
            default -> n;
        };
    }

    private static void assertCountsAgree(Outcome ours, Outcome reference, String what) {
        int ref = reference.result().iterations();
        int allowed = 2 + ref / 10;
        assertTrue(Math.abs(ours.result().iterations() - ref) <= allowed, what + ": " + ours.result().iterations()
                + " iterations against the reference's " + ref + " (allowed ±" + allowed + ")\n  ours: "
                + ours.result() + "\n  reference: " + reference.result());
    }

    private static void assertConverged(Outcome o, String what) {
        assertTrue(o.result().converged(), what + ": " + o.result());
    }

    private static void assertNear(double[] x, double target, double tolerance, String what) {
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            assertTrue(Math.abs(xi - target) <= tolerance, () -> what + ": x is " + xi + ", not within " + tolerance
                    + " of " + target);
        }
    }

    @ParameterizedTest(name = "{0}: {1}, {2}")
    @MethodSource("wellConditioned")
    void everyMethodReachesTheSameMinimumInAsManyIterations(String backendName, String method, DType dtype) {
        Backend backend = BackendsUnderTest.require(backendName);
        Backend reference = BackendsUnderTest.reference();
        double gtol = dtype == DType.FLOAT64 ? GTOL : GTOL_FLOAT32;
        Minimizer m = Minimizers.create(method, Stopping.defaults().withGtol(gtol));
        // ½xᵀDx with D = logspace(0, 2, n): x* = 0.
        Objective q = Quadratic.logspaceDiagonal(size(method, 200), 100);
        Outcome ours = run(m, q, backend, dtype);
        Outcome ref = run(m, q, reference, dtype);
        String what = method + " on " + q.name() + " (" + dtype + ", " + backendName + ")";
        assertConverged(ours, what);
        assertConverged(ref, what + " on the reference");
        assertNear(ours.x(), 0, gtol, what);
        assertNear(ref.x(), 0, gtol, what + " on the reference");
        assertCountsAgree(ours, ref, what);
        if (method.equals("cg")) {
            return; // linear CG needs a quadratic
        }
        // Extended Rosenbrock: x* = (1, …, 1).
        Objective r = new Rosenbrock(size(method, 1000));
        ours = run(m, r, backend, dtype);
        ref = run(m, r, reference, dtype);
        what = method + " on rosenbrock n = " + r.dimension() + " (" + dtype + ", " + backendName + ")";
        assertConverged(ours, what);
        assertConverged(ref, what + " on the reference");
        assertNear(ours.x(), 1, 5 * gtol, what);
        assertNear(ref.x(), 1, 5 * gtol, what + " on the reference");
        if (!method.equals("ncg-fr")) {
            assertCountsAgree(ours, ref, what);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyMethod")
    void everyMethodReachesTheSameMinimumOfTheDefaultQuadraticAndOfLogisticRegression(String backendName,
            String method) {
        Backend backend = BackendsUnderTest.require(backendName);
        Backend reference = BackendsUnderTest.reference();
        // The gradient test alone (no L-BFGS-B ftol test, which stops on small decreases before
        // ‖g‖∞ ≤ gtol), so that the bounds on ‖x − x*‖ below hold for every method.
        Minimizer m = Minimizers.create(method, Stopping.defaults());
        // The default quadratic's spectrum, κ = 1e4 (n = 200; Newton 20): x* = 0, |xᵢ| ≤ gtol.
        Objective q = Problems.create("quadratic", size(method, 200), Map.of());
        Outcome ours = run(m, q, backend, DType.FLOAT64);
        Outcome ref = run(m, q, reference, DType.FLOAT64);
        String what = method + " on quadratic κ = 1e4 (" + backendName + ")";
        assertConverged(ours, what);
        assertConverged(ref, what + " on the reference");
        assertNear(ours.x(), 0, GTOL, what);
        assertNear(ref.x(), 0, GTOL, what + " on the reference");
        if (method.equals("cg")) {
            assertCountsAgree(ours, ref, what);
            return;
        }
        // Logistic regression on 500 synthetic rows of 20 features: the two runs within 70·gtol.
        Objective f = Problems.create("logistic", 20, Map.of("rows", "500"));
        ours = run(m, f, backend, DType.FLOAT64);
        ref = run(m, f, reference, DType.FLOAT64);
        what = method + " on logistic (" + backendName + ")";
        assertConverged(ours, what);
        assertConverged(ref, what + " on the reference");
        assertNear(difference(ours.x(), ref.x()), 0, 70 * GTOL, what + ", ours − reference's");
        assertCountsAgree(ours, ref, what);
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("optimizers")
    void miniBatchTrainingAgreesWithTheReference(String backendName, String optimizer) {
        Backend backend = BackendsUnderTest.require(backendName);
        Objective f = Problems.create("logistic", 20, Map.of("rows", "500"));
        // torch's default hyper-parameters; 5 epochs of 10 batches of 50, a fixed seed.
        MiniBatchTraining m = MiniBatchTraining.of(OptimizerSpecs.defaults(optimizer), 50, 5, 11);
        Outcome ours = run(m, f, backend, DType.FLOAT64);
        Outcome ref = run(m, f, BackendsUnderTest.reference(), DType.FLOAT64);
        assertEquals(ref.result().stopReason(), ours.result().stopReason(), ours.result().toString());
        assertEquals(50, ours.result().iterations());
        assertTrue(ours.result().value() < Math.log(2), "training lowered the loss from log 2: " + ours.result());
        assertEquals(ref.result().functionEvaluations(), ours.result().functionEvaluations());
        assertEquals(ref.result().value(), ours.result().value(), 1e-4, ours.result().toString());
        for (int i = 0; i < ref.x().length; i++) {
            assertEquals(ref.x()[i], ours.x()[i], 1e-3, "x[" + i + "]");
        }
    }
}

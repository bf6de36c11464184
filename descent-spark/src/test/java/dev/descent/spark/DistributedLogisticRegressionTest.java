package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.objective.LabeledData;
import dev.descent.objective.LogisticRegression;
import dev.descent.objective.Objective;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The distributed objective against the single-machine {@link LogisticRegression} on the same data:
 * the same values, gradients and curvature products at a point, and the same runs of Descent's
 * minimizers. The two differ only in the order of the sums (per block, then per partition), so the
 * agreement is to rounding: 1e-12 relative for one evaluation, 1e-9 on the final f of a whole run
 * (the bound: many steps, each rounding a little differently).
 */
class DistributedLogisticRegressionTest {

    static final int ROWS = 4000;
    static final int COLS = 20;
    static final double L2 = 1e-3;
    static final LabeledData DATA = LabeledData.synthetic(ROWS, COLS, 7);

    private static final Backend BACKEND = Backends.best();

    /** Runs to a tight gradient, so that two runs in different coordinates end at the same f to 1e-8. */
    private static final Stopping STRICT = Stopping.defaults().withGtol(1e-9).withFtol(0);

    /** {@link #DATA} on Spark: 8 blocks of 500 rows in 2 partitions. */
    static DistributedLogisticRegression distributed(DistributedOptions options) {
        return DistributedLogisticRegression.of(SparkTestSession.context(), DATA, 500, 2, options);
    }

    @Test
    void valueGradientAndCurvatureAgreeWithTheSingleMachineObjective() {
        SplittableRandom random = new SplittableRandom(3);
        double[] w = new double[COLS];
        double[] v = new double[COLS];
        for (int j = 0; j < COLS; j++) {
            w[j] = random.nextDouble(-1, 1);
            v[j] = random.nextDouble(-1, 1);
        }
        try (LogisticRegression local = new LogisticRegression(DATA, L2);
                DistributedLogisticRegression spark = distributed(DistributedOptions.defaults().withL2(L2))) {
            assertEquals(ROWS, spark.exampleCount());
            assertClose(gradient(local, w), gradient(spark, w), "gradient");
            assertEquals(value(local, w), value(spark, w), 1e-12 * Math.abs(value(local, w)), "f");
            assertClose(product(local, w, v, false), product(spark, w, v, false), "Gauss-Newton product");
            assertClose(product(local, w, v, true), product(spark, w, v, true), "Hessian product");
            assertClose(diagonal(local, w), diagonal(spark, w), "diagonal curvature");
        }
    }

    @Test
    void lbfgsReachesTheSingleMachineOptimumInAsManyIterations() {
        for (String method : new String[] {"lbfgs", "ncg-pr", "hf"}) {
            MinimizeResult local;
            try (LogisticRegression problem = new LogisticRegression(DATA, L2)) {
                local = run(method, problem);
            }
            try (DistributedLogisticRegression spark = distributed(DistributedOptions.defaults().withL2(L2))) {
                MinimizeResult distributed = run(method, spark);
                assertTrue(local.converged() && distributed.converged(), method + ": " + local + " / " + distributed);
                assertEquals(local.value(), distributed.value(), 1e-9 * local.value(), method + ": f");
                assertEquals(local.iterations(), distributed.iterations(), method + ": iterations");
                DistributedCounters c = spark.counters();
                // One pass per gradient and per curvature product, plus the setup pass; nothing else reads the data.
                assertEquals(1 + distributed.gradientEvaluations() + distributed.curvatureProducts(), c.passes(),
                        method + ": passes " + c);
                assertEquals(8L * COLS * (c.gradients() + 2 * c.curvatureProducts()), c.bytesBroadcast(),
                        method + ": bytes broadcast");
            }
        }
    }

    @Test
    void preconditioningKeepsTheMinimumAndGivesItInOriginalCoordinates() {
        // Features of very different scales: scaling them is what preconditioning is for.
        LabeledData scaled = ScaledData.of(DATA, 3);
        double plainF;
        int plainIterations;
        try (LogisticRegression problem = new LogisticRegression(scaled, L2); Tensor x = problem.startingPoint(BACKEND)) {
            MinimizeResult r = Minimizers.create("lbfgs", STRICT).minimize(problem, x, false);
            plainF = r.value();
            plainIterations = r.iterations();
        }
        try (DistributedLogisticRegression spark = DistributedLogisticRegression.of(SparkTestSession.context(),
                scaled, 500, 2, DistributedOptions.defaults().withL2(L2).withPreconditioning(true));
                LogisticRegression check = new LogisticRegression(scaled, L2);
                Tensor x = spark.startingPoint(BACKEND)) {
            MinimizeResult r = Minimizers.create("lbfgs", STRICT).minimize(spark, x, false);
            double[] u = new double[COLS];
            x.copyTo(u);
            double[] w = spark.toOriginal(u);
            // The value the run reports is f at exactly the returned w (the same function, evaluated there).
            assertEquals(value(check, w), r.value(), 1e-12 * r.value(), "f(w) in original coordinates");
            assertEquals(plainF, r.value(), 1e-8 * plainF, "the same minimum");
            System.out.println("preconditioned " + r + "; plain " + plainIterations + " iterations");
            assertTrue(r.iterations() < plainIterations, "preconditioned " + r.iterations() + " iterations, plain "
                    + plainIterations);
        }
    }

    @Test
    void hessianFreeOnACurvatureSampleReadsPartOfTheDataAndStillConverges() {
        double optimum;
        try (LogisticRegression problem = new LogisticRegression(DATA, L2)) {
            optimum = run("lbfgs", problem).value();
        }
        DistributedOptions options = DistributedOptions.defaults().withL2(L2)
                .withCurvature(new CurvatureSample(0.5, 11));
        try (DistributedLogisticRegression spark = distributed(options)) {
            MinimizeResult r = run("hf", spark);
            DistributedCounters c = spark.counters();
            assertTrue(r.converged(), r.toString());
            // gtol 1e-5 bounds f − f* by about ‖g‖²/(2λ) = 5e-8.
            assertEquals(optimum, r.value(), 1e-7, "f");
            assertEquals(c.curvatureProducts(), c.sampledPasses(), "every Gauss-Newton product on the sample");
        }
    }

    static MinimizeResult run(String method, Objective objective) {
        try (Tensor x = objective.startingPoint(BACKEND)) {
            return Minimizers.create(method).minimize(objective, x, false);
        }
    }

    private static double value(Objective o, double[] w) {
        try (Tensor x = tensor(w); Tensor g = BACKEND.allocate("g", x.dtype(), w.length)) {
            return o.valueAndGradient(x, g);
        }
    }

    private static double[] gradient(Objective o, double[] w) {
        try (Tensor x = tensor(w); Tensor g = BACKEND.allocate("g", x.dtype(), w.length)) {
            o.valueAndGradient(x, g);
            return array(g);
        }
    }

    private static double[] product(Objective o, double[] w, double[] v, boolean hessian) {
        try (Tensor x = tensor(w); Tensor d = tensor(v); Tensor out = BACKEND.allocate("out", x.dtype(), w.length)) {
            if (hessian) {
                o.hessianVectorProduct(x, d, out);
            } else {
                o.gaussNewtonVectorProduct(x, d, out);
            }
            return array(out);
        }
    }

    private static double[] diagonal(Objective o, double[] w) {
        try (Tensor x = tensor(w); Tensor out = BACKEND.allocate("out", x.dtype(), w.length)) {
            o.diagonalCurvature(x, out);
            return array(out);
        }
    }

    private static Tensor tensor(double[] values) {
        return BACKEND.fromArray("t", values);
    }

    private static double[] array(Tensor t) {
        double[] a = new double[(int) t.size()];
        t.copyTo(a);
        return a;
    }

    /** Each element within 1e-12 of the largest one's magnitude: sums in another order. */
    static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], 1e-12 * scale, what + "[" + j + "]");
        }
    }
}

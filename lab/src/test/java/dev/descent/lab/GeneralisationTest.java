package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.Activation;
import dev.descent.network.Loss;
import dev.descent.network.NetworkSpec;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneralisationTest {

    private final Backend backend = new ReferenceBackend();

    @Test
    void theAdaptiveMethodsFitTheConstructionAndCallEveryNewPointPositive() {
        WilsonConstruction problem = WilsonConstruction.draw(20, 200, 0.6, 7);
        List<Generalisation.ConstructionRun> runs = Generalisation.construction(backend, problem, 300);
        Claim adaptive = Generalisation.adaptiveClaim(problem, runs, "f.png");
        assertTrue(adaptive.holds(), adaptive.measured());
        for (Generalisation.ConstructionRun r : runs) {
            if (r.adaptive()) {
                assertEquals(1, problem.testPositiveShare(r.weights()), r.label());
            }
        }
    }

    @Test
    void gradientDescentFindsTheMinimumNormSolutionWithZeroTestError() {
        WilsonConstruction problem = WilsonConstruction.draw(20, 200, 0.6, 7);
        Claim sgd = Generalisation.sgdClaim(problem, Generalisation.construction(backend, problem, 300), "f.png");
        assertTrue(sgd.holds(), sgd.measured());
    }

    @Test
    void signOfXtyMapsToFourTimesTheLabelsAndTheMinimumNormSolutionInterpolates() {
        WilsonConstruction problem = WilsonConstruction.draw(15, 40, 0.7, 3);
        double[] u = problem.signOfXty();
        // X·sign(Xᵀy) = 4y (Wilson et al. §3.3): u/4 interpolates the labels exactly, so the loss is 0.
        double[] quarter = u.clone();
        for (int j = 0; j < quarter.length; j++) {
            quarter[j] /= 4;
        }
        assertEquals(0, value(problem, quarter), 1e-28);
        assertEquals(0, problem.trainError(u));
        assertEquals(1, problem.testPositiveShare(u));
        double[] w = problem.minimumNormSolution();
        assertEquals(0, value(problem, w), 1e-24); // a Cholesky solve of a 15 × 15 system with entries ≤ 8
        assertEquals(0, problem.testError(w));
        int sum = 0;
        for (int y : problem.trainLabels()) {
            sum += y;
        }
        assertTrue(sum > 0, "§3.3 assumes more positive than negative training labels");
    }

    @Test
    void theGradientIsTheDerivativeOfTheValue() {
        WilsonConstruction problem = WilsonConstruction.draw(4, 3, 0.6, 1);
        double[] w = new double[problem.dimension()];
        for (int j = 0; j < w.length; j++) {
            w[j] = Math.sin(j + 1);
        }
        double[] g = gradient(problem, w);
        // The loss is quadratic, so a central difference is exact up to rounding (≈ 1e-16/h relative).
        double h = 1e-4;
        for (int j = 0; j < w.length; j++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[j] += h;
            minus[j] -= h;
            assertEquals((value(problem, plus) - value(problem, minus)) / (2 * h), g[j], 1e-9, "∂f/∂w" + j);
        }
    }

    @Test
    void aBadConstructionIsRefusedNamingTheProblem() {
        var p = assertThrows(IllegalArgumentException.class, () -> WilsonConstruction.draw(10, 10, 0.5, 1));
        assertTrue(p.getMessage().contains("p = 0.5"), p.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> WilsonConstruction.draw(0, 10, 0.6, 1));
        assertTrue(n.getMessage().contains("at least one training"), n.getMessage());
    }

    @Test
    void theNetworkRunsAreDeterministicAndTheVerdictComparesTheTestAccuracies() {
        LabData data = LabData.synthetic(300, 300, 6, 3, 0.1, 5);
        NetworkSpec spec = new NetworkSpec(new int[] {6, 16, 3}, Activation.RELU, Loss.CROSS_ENTROPY);
        List<Generalisation.NetworkRun> runs = Generalisation.networkMethods().stream()
                .map(m -> Generalisation.train(backend, spec, data, m, 3, 10, 11)).toList();
        Generalisation.NetworkRun again = Generalisation.train(backend, spec, data,
                Generalisation.networkMethods().getFirst(), 3, 10, 11);
        assertArrayEquals(runs.getFirst().testAccuracy(), again.testAccuracy());
        assertArrayEquals(runs.getFirst().trainLoss(), again.trainLoss());
        for (Generalisation.NetworkRun r : runs) {
            assertEquals(4, r.testAccuracy().length, "the start and three epochs");
            assertTrue(r.testAccuracy()[3] > 0.6, r.label() + " learns the clusters (chance is 1/3): "
                    + r.testAccuracy()[3]);
            assertTrue(r.trainLoss()[3] < r.trainLoss()[0], r.label());
        }
        Claim claim = Generalisation.networkClaim(runs, "data", "f.png");
        assertEquals(runs.get(0).testAccuracy()[3] < runs.get(1).testAccuracy()[3], claim.holds(), claim.measured());
    }

    private static double value(WilsonConstruction problem, double[] w) {
        return evaluate(problem, w, new double[w.length]);
    }

    private static double[] gradient(WilsonConstruction problem, double[] w) {
        double[] g = new double[w.length];
        evaluate(problem, w, g);
        return g;
    }

    private static double evaluate(WilsonConstruction problem, double[] w, double[] gradientOut) {
        Backend host = new ReferenceBackend();
        try (Tensor x = host.allocate("w", DType.FLOAT64, w.length); Tensor g = host.allocate("g", DType.FLOAT64, w.length)) {
            x.copyFrom(w);
            double f = problem.valueAndGradient(x, g);
            g.copyTo(gradientOut);
            return f;
        }
    }
}

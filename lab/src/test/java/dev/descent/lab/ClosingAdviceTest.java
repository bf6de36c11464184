package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.network.MultilayerPerceptron;
import dev.descent.network.NetworkSpec;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClosingAdviceTest {

    private final Backend backend = new ReferenceBackend();

    @Test
    void onASmallSetCgOrLbfgsTrainFurtherThanTheFirstOrderMethodsOnTheFullGradient() {
        LabData data = LabData.synthetic(300, 200, 8, 3, 0.2, 2);
        NetworkSpec spec = ClosingAdvice.network(data, new int[] {16});
        List<ClosingAdvice.Race> races = new ArrayList<>();
        for (ClosingAdvice.Contender c : ClosingAdvice.smallDataContenders(2)) {
            races.add(ClosingAdvice.race(backend, spec, data, c, 30, 2));
        }
        Claim claim = ClosingAdvice.smallDataClaim(races, "data", "f.png");
        assertTrue(claim.holds(), claim.measured());
    }

    @Test
    void onALargeSetMiniBatchesTrainFurtherThanFullBatchLbfgs() {
        LabData data = LabData.synthetic(3000, 200, 8, 3, 0.2, 2);
        NetworkSpec spec = ClosingAdvice.network(data, new int[] {16});
        List<ClosingAdvice.Race> races = new ArrayList<>();
        for (ClosingAdvice.Contender c : ClosingAdvice.largeDataContenders(50, 2)) {
            races.add(ClosingAdvice.race(backend, spec, data, c, 3, 2));
        }
        Claim claim = ClosingAdvice.largeDataClaim(races, "data", "f.png");
        assertTrue(claim.holds(), claim.measured());
    }

    @Test
    void aRaceSpendsItsBudgetOfPassesAndIsDeterministicButForTheClock() {
        LabData data = LabData.synthetic(200, 50, 5, 2, 0.1, 4);
        NetworkSpec spec = ClosingAdvice.network(data, new int[] {8});
        ClosingAdvice.Contender adam = ClosingAdvice.smallDataContenders(4).get(3);
        ClosingAdvice.Race first = ClosingAdvice.race(backend, spec, data, adam, 12, 4);
        ClosingAdvice.Race second = ClosingAdvice.race(backend, spec, data, adam, 12, 4);
        assertEquals("Adam", first.label());
        // Full batch: the start's evaluation (one pass) is the first step's gradient, then one pass per step.
        assertEquals(12, first.passes().length);
        assertEquals(1, first.passes()[0]);
        assertEquals(12, first.passes()[11]);
        assertArrayEquals(first.loss(), second.loss());
        assertEquals(first.testAccuracy(), second.testAccuracy());
        assertTrue(first.finalLoss() < first.loss()[0]);
    }

    @Test
    void settingsBelowOneAreRefusedNamingThem() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ClosingAdvice.Settings(100, 0, 1000, 2, new int[] {8}, 10, true));
        assertTrue(e.getMessage().startsWith("closing-advice: rows (100, 1000), passes (0, 2)"), e.getMessage());
        var g = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Generalisation.Settings(10, 10, 0.6, 10, 100, new int[] {}, 2, 10, true));
        assertTrue(g.getMessage().contains("0 hidden layers"), g.getMessage());
    }

    @Test
    void workIsCountedInPassesAndMonitoringIsLeftOut() {
        LabData data = LabData.synthetic(40, 10, 3, 2, 0, 1);
        NetworkSpec spec = ClosingAdvice.network(data, new int[] {4});
        try (MultilayerPerceptron net = MultilayerPerceptron.classifier(spec, data.train());
                Tensor x = backend.allocate("x", DType.FLOAT32, net.dimension());
                Tensor g = backend.allocate("g", DType.FLOAT32, net.dimension());
                Tensor v = backend.allocate("v", DType.FLOAT32, net.dimension())) {
            x.copyFrom(net.startingValues());
            v.copyFrom(net.startingValues());
            CountedObjective work = new CountedObjective(net, false);
            work.valueAndGradient(x, g);
            work.batchValueAndGradient(x, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, g);
            work.gaussNewtonVectorProduct(x, v, g);
            assertEquals(1 + 0.25 + 2, work.passes(), 0);
            assertEquals(0, work.monitoringSeconds());
            CountedObjective miniBatch = new CountedObjective(net, true);
            miniBatch.valueAndGradient(x, g);
            miniBatch.batchValueAndGradient(x, new int[] {0, 39}, g);
            assertEquals(0.05, miniBatch.passes(), 0);
            assertTrue(miniBatch.monitoringSeconds() > 0);
        }
    }

    @Test
    void theTimeAxisTurnsLogarithmicOnlyWhenOneMethodTakesTenTimesAnothersTime() {
        ClosingAdvice.Race fast = race(0, 1.5, 3);
        ClosingAdvice.Race slow = race(0, 12, 25);
        ClosingAdvice.Race slower = race(0, 100, 400);
        assertFalse(ClosingAdvice.spansDecades(List.of(fast, slow)), "3 s against 25 s: a linear axis reads well");
        assertTrue(ClosingAdvice.spansDecades(List.of(fast, slow, slower)), "3 s against 400 s squashes the fast curves");
    }

    private static ClosingAdvice.Race race(double... seconds) {
        double[] passes = new double[seconds.length];
        double[] loss = new double[seconds.length];
        java.util.Arrays.fill(loss, 1);
        return new ClosingAdvice.Race("m", "family", passes, seconds, loss, 0.5, "budget");
    }
}

package dev.descent.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The summary of timed runs: median, fastest, slowest. Exact arithmetic on small numbers, so exact comparisons. */
class MeasurementTest {

    @Test
    void medianOfAnOddNumberOfRunsIsTheMiddleOne() {
        Measurement m = Measurement.of(new double[] {30, 10, 500, 20, 25}, 7);
        assertEquals(25, m.medianNs());
        assertEquals(10, m.minNs());
        assertEquals(500, m.maxNs(), "one disturbed run moves the maximum, not the median");
        assertEquals(5, m.runs());
        assertEquals(7, m.stepsPerRun());
    }

    @Test
    void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        assertEquals(15, Measurement.of(new double[] {20, 10, 40, 5}, 1).medianNs());
    }

    @Test
    void theInputIsNotReordered() {
        double[] runs = {3, 1, 2};
        Measurement.of(runs, 1);
        assertEquals(3, runs[0]);
    }

    @Test
    void perSecondUsesTheMedian() {
        // 1e6 elements in a median of 1 ms: 1e9 elements/s.
        assertEquals(1e9, Measurement.of(new double[] {1e6, 2e6, 0.5e6}, 1).perSecond(1e6), 1e-3);
    }

    @Test
    void rejectsNoRunsAndNonPositiveTimes() {
        assertThrows(IllegalArgumentException.class, () -> Measurement.of(new double[0], 1));
        assertThrows(IllegalArgumentException.class, () -> Measurement.of(new double[] {0}, 1));
        assertThrows(IllegalArgumentException.class, () -> Measurement.of(new double[] {Double.NaN}, 1));
        assertThrows(IllegalArgumentException.class, () -> Measurement.of(new double[] {1}, 0));
    }
}

package dev.descent.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Logistic regression: its formula, overflow safety, CSV reading and mini-batches. */
class LogisticRegressionTest {

    private final Backend backend = new ReferenceBackend();

    private static LabeledData csv(String text) throws Exception {
        return LabeledDataCsv.parse("data.csv", new BufferedReader(new StringReader(text)));
    }

    private static String csvError(String text) {
        return assertThrows(IllegalArgumentException.class, () -> csv(text)).getMessage();
    }

    @Test
    void valueIsTheMeanLogisticLossPlusTheL2Term() {
        // Two examples by hand: x = (1, 2), y = +1 and x = (−1, 0.5), y = −1 at w = (0.3, −0.2), λ = 0.1.
        LabeledData data = new LabeledData(2, 2, new double[] {1, 2, -1, 0.5}, new double[] {1, -1});
        LogisticRegression f = new LogisticRegression(data, 0.1);
        double z1 = 0.3 - 0.4;
        double z2 = -0.3 - 0.1;
        double expected = 0.5 * (Math.log(1 + Math.exp(-z1)) + Math.log(1 + Math.exp(z2))) + 0.05 * (0.09 + 0.04);
        try (Tensor w = backend.fromArray("w", new double[] {0.3, -0.2}); Tensor g = backend.allocate("g", DType.FLOAT64, 2)) {
            assertEquals(expected, f.valueAndGradient(w, g), 1e-15);
        }
    }

    @Test
    void hugeMarginsNeitherOverflowNorLoseTheLoss() {
        // Margins of ±1e4: exp(1e4) overflows a double. A wrong-side margin m costs log(1 + e^m) = m
        // (to rounding); a right-side one costs e^(−m) ≈ 0. The gradient's coefficient saturates at ±1.
        LabeledData data = new LabeledData(2, 1, new double[] {1, 1}, new double[] {1, -1});
        LogisticRegression f = new LogisticRegression(data, 0);
        try (Tensor w = backend.fromArray("w", new double[] {1e4}); Tensor g = backend.allocate("g", DType.FLOAT64, 1)) {
            double value = f.valueAndGradient(w, g);
            assertEquals(0.5 * 1e4, value, 1e-9);
            assertEquals(0.5, g.toDoubleArray()[0], 1e-15);
        }
        // One example with a right-side margin of 700: its loss log(1 + e^−700) ≈ e^−700 is tiny but
        // not flushed to 0 (log1p of a tiny exponential), to 1e-15 relative.
        LogisticRegression right = new LogisticRegression(new LabeledData(1, 1, new double[] {1}, new double[] {1}), 0);
        try (Tensor w = backend.fromArray("w", new double[] {700}); Tensor g = backend.allocate("g", DType.FLOAT64, 1)) {
            assertEquals(Math.exp(-700), right.valueAndGradient(w, g), 1e-15 * Math.exp(-700));
        }
        assertEquals(0, LogisticRegression.sigmoid(-1e4), 0);
        assertEquals(1, LogisticRegression.sigmoid(1e4), 0);
    }

    @Test
    void csvHasFeaturesThenALabelAndMapsZeroOneToPlusMinusOne() throws Exception {
        LabeledData d = csv("x1,x2,y\n0.5, -1 ,1\n\n2,3e-1,0\n-4,5,-1\n");
        assertEquals(3, d.rows());
        assertEquals(2, d.cols());
        assertArrayEquals(new double[] {0.5, -1, 2, 0.3, -4, 5}, d.features());
        assertArrayEquals(new double[] {1, -1, -1}, d.labels());
        assertEquals(1, csv("1,2,1\n").rows(), "the header is optional");
    }

    @Test
    void malformedCsvNamesTheLine() {
        assertEquals("data.csv line 3: expected 3 fields (2 features and a label), found 2",
                csvError("a,b,y\n1,2,1\n3,0\n"));
        assertEquals("data.csv line 2: field 2 'abc' is not a finite number", csvError("1,2,1\n4,abc,0\n"));
        assertEquals("data.csv line 1: label '2' is not 0, 1, -1 or +1", csvError("1,2,2\n"));
        assertEquals("data.csv line 2: field 1 'NaN' is not a finite number", csvError("h1,h2\nNaN,1\n"));
        assertEquals("data.csv line 1: expected features and a label, found 1 field", csvError("7\n"));
        assertEquals("data.csv: no examples", csvError("x,y\n\n"));
        assertEquals("data.csv line 2: field 2 'x' is not a finite number", csvError("a,b\n1,x\n"),
                "only a first line without any number is a header");
    }

    @Test
    void aMissingFileIsReported() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> LabeledDataCsv.read(Path.of("/nonexistent/d.csv")));
        assertTrue(e.getMessage().startsWith("cannot read data file /nonexistent/d.csv"), e.getMessage());
    }

    @Test
    void syntheticDataDependOnlyOnTheSeed() {
        LabeledData a = LabeledData.synthetic(30, 4, 9);
        LabeledData b = LabeledData.synthetic(30, 4, 9);
        LabeledData c = LabeledData.synthetic(30, 4, 10);
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
        assertTrue(a.features()[0] != c.features()[0]);
    }

    @Test
    void aFullBatchIsTheFullObjectiveAndMiniBatchesAverageToIt() {
        // Batch of all m examples: the same sums in the same order, so bit-equal. Batches of one
        // partition the examples and the regulariser is in each, so their mean is f (to rounding).
        LogisticRegression f = new LogisticRegression(LabeledData.synthetic(12, 3, 5), 0.2);
        try (Tensor w = backend.fromArray("w", new double[] {0.4, -0.1, 0.7});
                Tensor g = backend.allocate("g", DType.FLOAT64, 3);
                Tensor gb = backend.allocate("gb", DType.FLOAT64, 3)) {
            double full = f.valueAndGradient(w, g);
            MiniBatchSampler all = f.sampler(12, 1);
            assertEquals(full, f.batchValueAndGradient(w, all.next(), gb), 0);
            assertArrayEquals(g.toDoubleArray(), gb.toDoubleArray(), 0);

            MiniBatchSampler online = f.sampler(1, 1);
            double mean = 0;
            for (int i = 0; i < 12; i++) {
                mean += f.batchValueAndGradient(w, online.next(), gb) / 12;
            }
            assertEquals(full, mean, 1e-14);
            assertThrows(IllegalArgumentException.class, () -> f.batchValueAndGradient(w, new int[] {12}, gb));
            assertThrows(IllegalArgumentException.class, () -> f.batchValueAndGradient(w, new int[0], gb));
        }
    }
}

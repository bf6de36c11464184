package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.backend.Backends;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distributed objective, read from a CSV file by Spark's reader, reaches the optimum SciPy 1.17's
 * L-BFGS-B finds on the same file ({@code scripts/scipy_logistic.py}: float64, analytic gradient, run
 * until its relative reduction of f stops at machine precision, ‖g‖∞ = 3e-9; the file and SciPy's answer
 * are in {@code src/test/resources/scipy/}). Descent runs to ‖g‖∞ ≤ 1e-10, with and without preconditioning.
 * Tolerances: f is flat at the minimum (its error is about ‖g‖²/λ = 1e-17 relative here), so 1e-12 relative
 * on f; the weights are within ‖g‖∞/λ of the minimum on each side (λ = 1e-3, the Hessian's smallest
 * eigenvalue bound), so 1e-5 absolute on each weight.
 */
class ScipyOptimumTest {

    private static final String DATA = "scipy/logistic-2000x10.csv";

    @ParameterizedTest(name = "preconditioned = {0}")
    @ValueSource(booleans = {false, true})
    void theDistributedRunReachesScipysOptimum(boolean precondition) throws IOException, URISyntaxException {
        JsonNode scipy;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("scipy/logistic-2000x10-optimum.json")) {
            scipy = new ObjectMapper().readTree(in);
        }
        double l2 = scipy.get("l2").asDouble();
        String path = Path.of(getClass().getClassLoader().getResource(DATA).toURI()).toString();
        SparkData.Blocks blocks = SparkData.read(SparkTestSession.session(), path, DataFormat.CSV, 256);
        try (DistributedLogisticRegression f = new DistributedLogisticRegression(blocks.blocks(), blocks.cols(),
                DistributedOptions.defaults().withL2(l2).withPreconditioning(precondition));
                Tensor x = f.startingPoint(Backends.best())) {
            assertEquals(2000, f.exampleCount());
            MinimizeResult r = Minimizers.create("lbfgs", Stopping.defaults().withGtol(1e-10).withFtol(0)
                    .withMaxIterations(2000)).minimize(f, x, false);
            double expected = scipy.get("f").asDouble();
            assertEquals(expected, r.value(), 1e-12 * expected, "f against SciPy's, " + r);
            double[] w = f.toOriginal(x.toDoubleArray());
            JsonNode ws = scipy.get("w");
            assertEquals(ws.size(), w.length);
            for (int j = 0; j < w.length; j++) {
                assertEquals(ws.get(j).asDouble(), w[j], 1e-5, "weight " + j + " against SciPy's");
            }
            assertTrue(r.iterations() > 0, r.toString());
        }
    }
}

package dev.descent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * Ties the byte counts to the reference kernels and the benchmark parameters to the table. No
 * timing here: benchmarks are run by JMH, never by the test suite.
 */
class BytesPerElementTest {

    /**
     * Every state tensor these kernels write is a running quantity they also read, so a kernel moves
     * 4 bytes for reading g, 8 for reading and writing p, and 8 per state tensor it writes. Which
     * tensors it writes is observed on the reference backend: those whose values two steps with
     * non-zero gradients change (two, because Rprop's step size and the gains only move once there
     * is a previous gradient to compare with).
     */
    @Test
    void countsMatchWhatTheReferenceKernelsWrite() {
        Backend reference = Backends.get("reference");
        int n = 34; // two periods of the gradient pattern
        for (String config : BenchmarkedOptimizers.names()) {
            try (Tensor p = reference.fromArray("p", BenchData.params(n));
                    Tensor g = reference.fromArray("g", nonZeroGradients(n));
                    Optimizer opt = Optimizer.of(reference, BenchmarkedOptimizers.spec(config), new Parameter(p, g))) {
                Map<String, Tensor> state = opt.state(p);
                Map<String, float[]> initial = new LinkedHashMap<>();
                state.forEach((name, t) -> initial.put(name, t.toFloatArray()));
                opt.step();
                opt.step();
                long written = initial.entrySet().stream()
                        .filter(e -> !Arrays.equals(e.getValue(), state.get(e.getKey()).toFloatArray()))
                        .count();
                assertEquals(12 + 8 * written, BytesPerElement.of(config),
                        config + " writes " + written + " of its state tensors " + state.keySet());
            }
        }
    }

    @Test
    void everyBenchmarkedOptimizerAndBaselineHasACount() throws NoSuchFieldException {
        List<String> stepParams = List.of(
                OptimizerStepBenchmark.class.getField("optimizer").getAnnotation(Param.class).value());
        assertEquals(BenchmarkedOptimizers.names(), stepParams, "OptimizerStepBenchmark's @Param optimizer");
        for (String config : stepParams) {
            BytesPerElement.of(config);
        }
        for (String loop : PlainJavaLoopBenchmark.class.getField("loop").getAnnotation(Param.class).value()) {
            BytesPerElement.of(loop);
        }
        for (String kernel : BandwidthBaselineBenchmark.class.getField("kernel").getAnnotation(Param.class).value()) {
            BytesPerElement.of(kernel);
        }
        assertEquals(28, BytesPerElement.of("adam"), "the issue's count for Adam");
    }

    @Test
    void unknownKernelIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BytesPerElement.of("lion"));
        assertTrue(e.getMessage().contains("'lion'") && e.getMessage().contains("adam"), e.getMessage());
    }

    private static float[] nonZeroGradients(int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = BenchData.gradient(i) != 0 ? BenchData.gradient(i) : 1e-3f;
        }
        return g;
    }
}

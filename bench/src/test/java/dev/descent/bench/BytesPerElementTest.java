package dev.descent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
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
     * Steps past vSGD's slow start (10 steps that only average), the longest warm-up of any
     * benchmarked configuration; after it every state tensor a kernel keeps has moved.
     */
    private static final int STEPS = 12;

    /**
     * A kernel moves 4 bytes for reading g, 8 for reading and writing p, 8 per state tensor it writes
     * (every state tensor these kernels write is a running quantity they also read) and 4 per state
     * tensor it only reads (an input the caller fills, such as vSGD's {@code curvature}). Both are
     * observed on the reference backend after {@value #STEPS} steps: a tensor is written if those
     * steps changed it (Rprop's step size and the gains only move once there is a previous gradient,
     * vSGD's parameter and {@code tau} only after its slow start); an unchanged tensor is read if
     * changing it in one of two optimizers stepped alike changes the parameter that the next step
     * computes. SGD's momentum buffer with μ = 0 is neither.
     */
    @Test
    void countsMatchWhatTheReferenceKernelsReadAndWrite() {
        Backend reference = Backends.get("reference");
        int n = 34; // two periods of the gradient pattern
        for (String config : BenchmarkedOptimizers.names()) {
            try (Tensor p = reference.fromArray("p", BenchData.params(n));
                    Tensor g = reference.fromArray("g", nonZeroGradients(n));
                    Optimizer opt = Optimizer.of(reference, BenchmarkedOptimizers.spec(config), new Parameter(p, g))) {
                Map<String, Tensor> state = opt.state(p);
                Map<String, float[]> initial = new LinkedHashMap<>();
                state.forEach((name, t) -> initial.put(name, t.toFloatArray()));
                for (int s = 0; s < STEPS; s++) {
                    opt.step();
                }
                assertTrue(!Arrays.equals(BenchData.params(n), p.toFloatArray()), config + " never moved p");
                List<String> written = new ArrayList<>();
                List<String> readOnly = new ArrayList<>();
                initial.forEach((name, before) -> {
                    if (!Arrays.equals(before, state.get(name).toFloatArray())) {
                        written.add(name);
                    } else if (nextStepReads(reference, config, name, n)) {
                        readOnly.add(name);
                    }
                });
                assertEquals(12 + 8 * written.size() + 4 * readOnly.size(), BytesPerElement.of(config),
                        config + " writes " + written + " and only reads " + readOnly + " of its state "
                                + state.keySet());
            }
        }
    }

    /**
     * Whether the parameter after step {@value #STEPS} + 1 of {@code config} depends on state tensor
     * {@code name}: two optimizers stepped alike, then {@code name} changed in one of them.
     */
    private static boolean nextStepReads(Backend backend, String config, String name, int n) {
        try (Tensor p = backend.fromArray("p", BenchData.params(n));
                Tensor g = backend.fromArray("g", nonZeroGradients(n));
                Tensor p2 = backend.fromArray("p2", BenchData.params(n));
                Tensor g2 = backend.fromArray("g2", nonZeroGradients(n));
                Optimizer opt = Optimizer.of(backend, BenchmarkedOptimizers.spec(config), new Parameter(p, g));
                Optimizer twin = Optimizer.of(backend, BenchmarkedOptimizers.spec(config), new Parameter(p2, g2))) {
            for (int s = 0; s < STEPS; s++) {
                opt.step();
                twin.step();
            }
            Tensor other = twin.state(p2).get(name);
            float[] changed = other.toFloatArray();
            for (int i = 0; i < n; i++) {
                changed[i] = 2 * changed[i] + 1; // stays positive where a positive value is expected
            }
            other.copyFrom(changed);
            opt.step();
            twin.step();
            return !Arrays.equals(p.toFloatArray(), p2.toFloatArray());
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

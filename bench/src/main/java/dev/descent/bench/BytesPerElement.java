package dev.descent.bench;

import dev.descent.backend.OptimizerKernels;
import dev.descent.kernel.Coefficients;
import dev.descent.optim.GroupState;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.StepContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective memory traffic of each benchmarked kernel, in bytes per element: every float32
 * array the kernel must read counts 4, every one it must write counts 4 more (an input it only
 * reads, like vSGD's caller-filled {@code curvature}, counts 4). This is the least a
 * single fused pass can move, which makes {@code elements/s × bytes} comparable with the copy and
 * triad bandwidth. It leaves out what an implementation may add on top (a write-allocate read
 * before a store to a line not yet read, a separate pass over the gradient that
 * {@code Optimizer.step()} makes to check it is finite).
 *
 * <p>The counts follow from each kernel's {@link dev.descent.kernel.KernelLayout} for the
 * configurations in {@link BenchmarkedOptimizers} (a test holds them to what the reference kernels
 * read and write); the names are that class's, plus the baselines, whose counts are written here.
 */
public final class BytesPerElement {

    private static final Map<String, Integer> TABLE = table();

    private BytesPerElement() {
    }

    /** The step whose traffic counts: past vSGD's slow start (10 steps that only average), so steady state. */
    private static final long STEADY_STEP = 20;

    private static Map<String, Integer> table() {
        Map<String, Integer> t = new LinkedHashMap<>();
        for (String config : BenchmarkedOptimizers.names()) {
            t.put(config, of(BenchmarkedOptimizers.spec(config)));
        }
        // Copy b = a: reads a; writes b (STREAM's count: the write-allocate read of b is not counted).
        t.put("copy", 8);
        // Triad a = b + s·c: reads b, c; writes a (STREAM's count, as for copy).
        t.put("triad", 12);
        return Collections.unmodifiableMap(t);
    }

    /**
     * The bytes per element of one steady-state step of {@code spec}, from its kernel's layout
     * ({@link Coefficients#bytesPerElement()}): the slots the step uses, read, and those it writes,
     * written. SGD's momentum buffer with μ = 0 is neither; vSGD's {@code curvature} input is only read.
     */
    public static int of(OptimizerSpec spec) {
        Coefficients[] step = new Coefficients[1];
        spec.step(new StepContext(OptimizerKernels.recording(c -> step[0] = c), STEADY_STEP, 1.0, new GroupState()), List.of());
        return step[0].bytesPerElement();
    }

    /**
     * The bytes per element of {@code kernel}.
     *
     * @throws IllegalArgumentException for a name not in the table, listing the known ones
     */
    public static int of(String kernel) {
        Integer bytes = TABLE.get(kernel);
        if (bytes == null) {
            throw new IllegalArgumentException("no bytes-per-element count for kernel '" + kernel + "' (known: "
                    + String.join(", ", TABLE.keySet()) + ")");
        }
        return bytes;
    }

    /** Every kernel name in the table, in table order. */
    public static List<String> kernels() {
        return List.copyOf(TABLE.keySet());
    }
}

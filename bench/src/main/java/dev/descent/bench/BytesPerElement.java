package dev.descent.bench;

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
 * <p>The counts follow the reference kernels ({@code dev.descent.reference.*Kernel}) for the
 * configurations in {@link BenchmarkedOptimizers}; the names are that class's, plus the baselines.
 * This is the one place these numbers are written down.
 */
public final class BytesPerElement {

    private static final Map<String, Integer> TABLE = table();

    private BytesPerElement() {
    }

    private static Map<String, Integer> table() {
        Map<String, Integer> t = new LinkedHashMap<>();
        // Plain SGD: reads p, g; writes p. (momentum_buffer is allocated but untouched when μ = 0.)
        t.put("sgd", 12);
        // SGD, μ = 0.9: reads p, g, momentum_buffer; writes p, momentum_buffer.
        t.put("sgd-momentum", 20);
        // Adam: reads p, g, exp_avg, exp_avg_sq; writes p, exp_avg, exp_avg_sq.
        t.put("adam", 28);
        // AdamW: as Adam; the decay p·(1 - lr·λ) is applied to the p already read.
        t.put("adamw", 28);
        // Adagrad: reads p, g, sum; writes p, sum.
        t.put("adagrad", 20);
        // Adadelta: reads p, g, square_avg, acc_delta; writes p, square_avg, acc_delta.
        t.put("adadelta", 28);
        // RMSprop (no momentum, not centered): reads p, g, square_avg; writes p, square_avg.
        // (Centered with momentum would be 36: grad_avg and momentum_buffer read and written too.)
        t.put("rmsprop", 20);
        // Rprop (iRprop−): reads p, g, prev, step_size; writes p, prev, step_size.
        t.put("rprop", 28);
        // NAdam: reads p, g, exp_avg, exp_avg_sq; writes p, exp_avg, exp_avg_sq (mu_product is a host scalar).
        t.put("nadam", 28);
        // Adamax: reads p, g, exp_avg, exp_inf; writes p, exp_avg, exp_inf.
        t.put("adamax", 28);
        // Gains (defaults, no momentum): reads p, g, gain, prev_grad; writes p, gain, prev_grad.
        // (With momentum it would be 36: velocity read and written too.)
        t.put("gains", 28);
        // vSGD (defaults: vSGD-l, batch 1, so no grad_sq or h2_avg): reads p, g, g_avg, v_avg, h_avg, tau and
        // the curvature input; writes p, g_avg, v_avg, h_avg, tau. The curvature is filled by the caller before
        // each step (the benchmarks leave it at 1) and only read by the kernel: 4 bytes, not 8. These are the
        // steady-state bytes; the first 10 steps (the slow start) only average and leave p and tau alone.
        t.put("vsgd", 48);
        // Copy b = a: reads a; writes b (STREAM's count: the write-allocate read of b is not counted).
        t.put("copy", 8);
        // Triad a = b + s·c: reads b, c; writes a (STREAM's count, as for copy).
        t.put("triad", 12);
        return Collections.unmodifiableMap(t);
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

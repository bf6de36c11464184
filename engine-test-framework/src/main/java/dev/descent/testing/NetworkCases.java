package dev.descent.testing;

import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls every backend's network kernels are held to the reference on, in one place for the
 * agreement tests of every backend (the CUDA emulator's too) and {@code descent verify}: each kernel of
 * {@link dev.descent.backend.NetworkKernels}, float32 and float64, on shapes that are 1×1, one row, odd,
 * prime or just past a power of two (so no tile, vector or thread split divides them), with and without
 * accumulation, each activation, in place and not, logits of ordinary spread and of ±1000, labels and
 * gathered rows at both ends of their range.
 */
public final class NetworkCases {
    private NetworkCases() {
    }

    /** The GEMM shapes {@code {m, n, k}}: 1×1·1, one row, odd sizes, past 2⁷/2⁸ with an odd k, a long sum. */
    static final int[][] GEMM_SHAPES = {{1, 1, 1}, {1, 10, 33}, {7, 13, 5}, {33, 65, 17}, {129, 257, 127}, {5, 3, 1000}};
    /** The element-wise and row-wise shapes {@code {m, n}}: 1×1, odd, past powers of two, a batch of 10 classes. */
    static final int[][] ROW_SHAPES = {{1, 1}, {7, 13}, {33, 65}, {129, 257}, {128, 10}};
    /** {@code gatherRows}: {@code {rows picked, columns, source rows}}. */
    static final int[][] GATHER_SHAPES = {{1, 1, 1}, {7, 13, 20}, {129, 257, 300}, {128, 784, 1000}};

    /** The kernels, in {@link dev.descent.backend.NetworkKernels}'s order. */
    public static final List<String> KERNELS = List.of("matMulTransposeB", "matMulTransposeA", "matMul",
            "biasActivation", "activationBackward", "columnSums", "softmaxCrossEntropy", "softmaxCurvatureProduct",
            "squaredError", "correctPredictions", "gatherRows");

    /** Every case of every kernel. */
    public static List<NetworkCase> all() {
        List<NetworkCase> all = new ArrayList<>();
        for (String kernel : KERNELS) {
            all.addAll(of(kernel));
        }
        return all;
    }

    /** The cases of one kernel (its method name in {@link dev.descent.backend.NetworkKernels}). */
    public static List<NetworkCase> of(String kernel) {
        List<NetworkCase> cases = new ArrayList<>();
        for (DType dtype : DType.computed()) {
            switch (kernel) {
                case "matMulTransposeB", "matMulTransposeA", "matMul" -> {
                    for (int[] s : GEMM_SHAPES) {
                        for (boolean accumulate : new boolean[] {false, true}) {
                            cases.add(new NetworkCase(kernel, s[0], s[1], s[2], dtype, null, accumulate, false, 1));
                        }
                    }
                }
                case "biasActivation", "activationBackward" -> {
                    for (Activation activation : Activation.values()) {
                        for (int i = 0; i < ROW_SHAPES.length; i++) {
                            int[] s = ROW_SHAPES[i];
                            cases.add(new NetworkCase(kernel, s[0], s[1], 0, dtype, activation, false, i % 2 == 1, 1));
                        }
                    }
                }
                case "columnSums" -> {
                    for (int[] s : ROW_SHAPES) {
                        for (boolean accumulate : new boolean[] {false, true}) {
                            cases.add(new NetworkCase(kernel, s[0], s[1], 0, dtype, null, accumulate, false, 1));
                        }
                    }
                }
                case "softmaxCrossEntropy", "softmaxCurvatureProduct" -> {
                    for (int i = 0; i < ROW_SHAPES.length; i++) {
                        int[] s = ROW_SHAPES[i];
                        for (double spread : new double[] {3, 1000}) {
                            cases.add(new NetworkCase(kernel, s[0], s[1], 0, dtype, null, false, i % 2 == 1, spread));
                        }
                    }
                }
                case "squaredError", "correctPredictions" -> {
                    for (int i = 0; i < ROW_SHAPES.length; i++) {
                        int[] s = ROW_SHAPES[i];
                        boolean inPlace = kernel.equals("squaredError") && i % 2 == 1;
                        cases.add(new NetworkCase(kernel, s[0], s[1], 0, dtype, null, false, inPlace, 1));
                    }
                }
                case "gatherRows" -> {
                    for (int[] s : GATHER_SHAPES) {
                        cases.add(new NetworkCase(kernel, s[0], s[1], s[2], dtype, null, false, false, 1));
                    }
                }
                default -> throw new IllegalArgumentException("no network kernel '" + kernel + "'; expected one of "
                        + KERNELS);
            }
        }
        return cases;
    }
}

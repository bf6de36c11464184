package dev.descent.cuda;

import static dev.descent.cuda.ParamKind.ADDRESS;
import static dev.descent.cuda.ParamKind.F32;
import static dev.descent.cuda.ParamKind.F64;
import static dev.descent.cuda.ParamKind.I32;
import static dev.descent.cuda.ParamKind.I64;
import static dev.descent.cuda.ParamKind.STRUCT;

import dev.descent.kernel.KernelLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every kernel of {@code src/main/cuda}: the module (the {@code .cu} file, shipped as
 * {@code <module>.fatbin}) that holds it, its {@code extern "C"} name, and its parameters in order.
 * The optimizer steps are not listed here: there is one per {@link KernelLayout}, found by the
 * layout's name ({@link #optimizer}), so that adding an optimizer adds no line to this class.
 * {@link KernelParams} checks each launch against this list, and the tests check the list against
 * the CUDA sources (and, through the emulator, against the compiled signatures).
 */
final class Kernel {

    /** The parameters of every optimizer step: {@code (tensors, chunks, num_chunks, present, args, clip)}. */
    static final List<ParamKind> OPTIMIZER = List.of(ADDRESS, ADDRESS, I32, I32, STRUCT, STRUCT);

    /** {@code (alpha, x, y, n, vectorized)}: y ← alpha·x + y. */
    static final Kernel AXPY_F32 = fixed("vector_ops", "axpy_f32", List.of(F32, ADDRESS, ADDRESS, I64, I32));
    static final Kernel AXPY_F64 = fixed("vector_ops", "axpy_f64", List.of(F64, ADDRESS, ADDRESS, I64, I32));
    /** {@code (alpha, x, n, vectorized)}: x ← alpha·x. */
    static final Kernel SCALE_F32 = fixed("vector_ops", "scale_f32", List.of(F32, ADDRESS, I64, I32));
    static final Kernel SCALE_F64 = fixed("vector_ops", "scale_f64", List.of(F64, ADDRESS, I64, I32));
    /** {@code (value, x, n, vectorized)}; float32 tensors are filled with a 32-bit memset instead. */
    static final Kernel FILL_F64 = fixed("vector_ops", "fill_f64", List.of(F64, ADDRESS, I64, I32));
    /** {@code (a, b, out, n, vectorized)}. */
    static final Kernel MULTIPLY_F32 = fixed("vector_ops", "multiply_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32));
    static final Kernel MULTIPLY_F64 = fixed("vector_ops", "multiply_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32));
    static final Kernel DIVIDE_F32 = fixed("vector_ops", "divide_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32));
    static final Kernel DIVIDE_F64 = fixed("vector_ops", "divide_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32));
    /** {@code (terms, count, out, n, vectorized)}: out ← Σ cₖvₖ over an {@link OperandTable} of terms. */
    static final Kernel LINEAR_COMBINATION_F32 = fixed("vector_ops", "linear_combination_f32", List.of(ADDRESS, I32, ADDRESS, I64, I32));
    static final Kernel LINEAR_COMBINATION_F64 = fixed("vector_ops", "linear_combination_f64", List.of(ADDRESS, I32, ADDRESS, I64, I32));

    /** Pass 1 of dot: {@code (a, b, n, vectorized, partials)}, one partial per block. */
    static final Kernel DOT_F32 = fixed("reductions", "dot_f32", List.of(ADDRESS, ADDRESS, I64, I32, ADDRESS));
    static final Kernel DOT_F64 = fixed("reductions", "dot_f64", List.of(ADDRESS, ADDRESS, I64, I32, ADDRESS));
    /**
     * Pass 1 of dots: {@code (pairs, count, n, vectorized, partials)} over an {@link OperandTable} of
     * at most {@link DotPairs#MAX_PER_LAUNCH} pairs; product {@code p}'s partials form row {@code p}.
     */
    static final Kernel DOTS_F32 = fixed("reductions", "dots_f32", List.of(ADDRESS, I32, I64, I32, ADDRESS));
    static final Kernel DOTS_F64 = fixed("reductions", "dots_f64", List.of(ADDRESS, I32, I64, I32, ADDRESS));
    /** Pass 1 of maxAbs: {@code (x, n, vectorized, partials)}. */
    static final Kernel MAX_ABS_F32 = fixed("reductions", "max_abs_f32", List.of(ADDRESS, I64, I32, ADDRESS));
    static final Kernel MAX_ABS_F64 = fixed("reductions", "max_abs_f64", List.of(ADDRESS, I64, I32, ADDRESS));
    /** Pass 1 of hasNonFinite: {@code (x, n, vectorized, partials)}, partials 1.0 where found. */
    static final Kernel NON_FINITE_F32 = fixed("reductions", "non_finite_f32", List.of(ADDRESS, I64, I32, ADDRESS));
    static final Kernel NON_FINITE_F64 = fixed("reductions", "non_finite_f64", List.of(ADDRESS, I64, I32, ADDRESS));
    /** Pass 2, one block per row of {@code count} partials: {@code (partials, count, result)}, row {@code r} into {@code result[r]}. */
    static final Kernel SUM_PARTIALS = fixed("reductions", "sum_partials", List.of(ADDRESS, I32, ADDRESS));
    static final Kernel MAX_PARTIALS = fixed("reductions", "max_partials", List.of(ADDRESS, I32, ADDRESS));

    /**
     * Pass 1 of a gradient norm over a parameter group's tensor table: {@code (tensors, chunks, num_chunks,
     * partials)}, one partial per chunk; pass 2 is {@link #SUM_PARTIALS} or {@link #MAX_PARTIALS}.
     */
    static final Kernel GRADIENT_SUM_SQUARES = fixed("gradient_norm", "gradient_sum_squares", List.of(ADDRESS, ADDRESS, I32, ADDRESS));
    static final Kernel GRADIENT_MAX_ABS = fixed("gradient_norm", "gradient_max_abs", List.of(ADDRESS, ADDRESS, I32, ADDRESS));

    /** {@code (a, x, out, rows, cols)}: out ← A·x, one warp's worth of threads per row. */
    static final Kernel MAT_VEC_F32 = fixed("matrix_vector", "mat_vec_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64));
    static final Kernel MAT_VEC_F64 = fixed("matrix_vector", "mat_vec_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64));
    /** Pass 1 of Aᵀ·v: {@code (a, v, rows, cols, segmentRows, partials)}, one partial per segment and column. */
    static final Kernel MAT_TRANSPOSE_VEC_PARTIALS_F32 = fixed("matrix_vector", "mat_transpose_vec_partials_f32",
            List.of(ADDRESS, ADDRESS, I64, I64, I64, ADDRESS));
    static final Kernel MAT_TRANSPOSE_VEC_PARTIALS_F64 = fixed("matrix_vector", "mat_transpose_vec_partials_f64",
            List.of(ADDRESS, ADDRESS, I64, I64, I64, ADDRESS));
    /** Pass 2 of Aᵀ·v: {@code (partials, segments, cols, out)}. */
    static final Kernel MAT_TRANSPOSE_VEC_SUM_F32 = fixed("matrix_vector", "mat_transpose_vec_sum_f32", List.of(ADDRESS, I32, I64, ADDRESS));
    static final Kernel MAT_TRANSPOSE_VEC_SUM_F64 = fixed("matrix_vector", "mat_transpose_vec_sum_f64", List.of(ADDRESS, I32, I64, ADDRESS));

    /** Pass 1 of the Rosenbrock value, and its gradient: {@code (x, gradient, pairs, partials)}. */
    static final Kernel ROSENBROCK_F32 = fixed("rosenbrock", "rosenbrock_f32", List.of(ADDRESS, ADDRESS, I64, ADDRESS));
    static final Kernel ROSENBROCK_F64 = fixed("rosenbrock", "rosenbrock_f64", List.of(ADDRESS, ADDRESS, I64, ADDRESS));
    /** {@code (curvature, x, v, out, pairs)}, {@code curvature} the ordinal of {@link dev.descent.kernel.RosenbrockCurvature}. */
    static final Kernel ROSENBROCK_CURVATURE_VECTOR_F32 = fixed("rosenbrock", "rosenbrock_curvature_vector_f32",
            List.of(I32, ADDRESS, ADDRESS, ADDRESS, I64));
    static final Kernel ROSENBROCK_CURVATURE_VECTOR_F64 = fixed("rosenbrock", "rosenbrock_curvature_vector_f64",
            List.of(I32, ADDRESS, ADDRESS, ADDRESS, I64));
    /** {@code (x, out, pairs)}. */
    static final Kernel ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F32 = fixed("rosenbrock", "rosenbrock_gauss_newton_diagonal_f32",
            List.of(ADDRESS, ADDRESS, I64));
    static final Kernel ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F64 = fixed("rosenbrock", "rosenbrock_gauss_newton_diagonal_f64",
            List.of(ADDRESS, ADDRESS, I64));

    /** Pass 1 of the logistic loss, and the residuals: {@code (margins, labels, residual, n, vectorized, partials)}. */
    static final Kernel LOGISTIC_LOSS_F32 = fixed("logistic_loss", "logistic_loss_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32, ADDRESS));
    static final Kernel LOGISTIC_LOSS_F64 = fixed("logistic_loss", "logistic_loss_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32, ADDRESS));
    /** {@code (margins, weights, n, vectorized)}. */
    static final Kernel LOGISTIC_CURVATURE_F32 = fixed("logistic_loss", "logistic_curvature_f32", List.of(ADDRESS, ADDRESS, I64, I32));
    static final Kernel LOGISTIC_CURVATURE_F64 = fixed("logistic_loss", "logistic_curvature_f64", List.of(ADDRESS, ADDRESS, I64, I32));

    /** {@code (a, b, out, m, n, k, accumulate)}: out ← a·bᵀ (or out + a·bᵀ), a {@code [m, k]}, b {@code [n, k]}; tiles of {@link NetworkPlan}. */
    static final Kernel GEMM_NT_F32 = fixed("network", "gemm_nt_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, I64, I32));
    static final Kernel GEMM_NT_F64 = fixed("network", "gemm_nt_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, I64, I32));
    /** {@code (a, b, out, m, n, k, accumulate)}: out ← aᵀ·b, a {@code [k, m]}, b {@code [k, n]}. */
    static final Kernel GEMM_TN_F32 = fixed("network", "gemm_tn_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, I64, I32));
    static final Kernel GEMM_TN_F64 = fixed("network", "gemm_tn_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, I64, I32));
    /** {@code (a, b, out, m, n, k, accumulate)}: out ← a·b, a {@code [m, k]}, b {@code [k, n]}. */
    static final Kernel GEMM_NN_F32 = fixed("network", "gemm_nn_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, I64, I32));
    static final Kernel GEMM_NN_F64 = fixed("network", "gemm_nn_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, I64, I32));
    /** {@code (z, bias, h, activation, rows, cols)}, {@code activation} the ordinal of {@link dev.descent.kernel.Activation}. */
    static final Kernel BIAS_ACTIVATION_F32 = fixed("network", "bias_activation_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I32, I64, I64));
    static final Kernel BIAS_ACTIVATION_F64 = fixed("network", "bias_activation_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I32, I64, I64));
    /** {@code (activation, h, upstream, out, n)}. */
    static final Kernel ACTIVATION_BACKWARD_F32 = fixed("network", "activation_backward_f32", List.of(I32, ADDRESS, ADDRESS, ADDRESS, I64));
    static final Kernel ACTIVATION_BACKWARD_F64 = fixed("network", "activation_backward_f64", List.of(I32, ADDRESS, ADDRESS, ADDRESS, I64));
    /** {@code (a, out, rows, cols, accumulate)}, one thread per column. */
    static final Kernel COLUMN_SUMS_F32 = fixed("network", "column_sums_f32", List.of(ADDRESS, ADDRESS, I64, I64, I32));
    static final Kernel COLUMN_SUMS_F64 = fixed("network", "column_sums_f64", List.of(ADDRESS, ADDRESS, I64, I64, I32));
    /**
     * Pass 1 of the softmax cross-entropy, and its gradient: {@code (logits, labels, gradient, rows, classes, scale,
     * partials)}; two rows of partials, the losses' and the first bad label's.
     */
    static final Kernel SOFTMAX_CROSS_ENTROPY_F32 = fixed("network", "softmax_cross_entropy_f32",
            List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, F64, ADDRESS));
    static final Kernel SOFTMAX_CROSS_ENTROPY_F64 = fixed("network", "softmax_cross_entropy_f64",
            List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, F64, ADDRESS));
    /** {@code (logits, v, out, rows, classes, scale)}, one thread per row. */
    static final Kernel SOFTMAX_CURVATURE_PRODUCT_F32 = fixed("network", "softmax_curvature_product_f32",
            List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, F64));
    static final Kernel SOFTMAX_CURVATURE_PRODUCT_F64 = fixed("network", "softmax_curvature_product_f64",
            List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64, F64));
    /** Pass 1 of the squared error, and its gradient: {@code (pred, target, gradient, n, scale, partials)}. */
    static final Kernel SQUARED_ERROR_F32 = fixed("network", "squared_error_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, F64, ADDRESS));
    static final Kernel SQUARED_ERROR_F64 = fixed("network", "squared_error_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, F64, ADDRESS));
    /** Pass 1 of the correct predictions: {@code (logits, labels, rows, classes, partials)}. */
    static final Kernel CORRECT_PREDICTIONS_F32 = fixed("network", "correct_predictions_f32", List.of(ADDRESS, ADDRESS, I64, I64, ADDRESS));
    static final Kernel CORRECT_PREDICTIONS_F64 = fixed("network", "correct_predictions_f64", List.of(ADDRESS, ADDRESS, I64, I64, ADDRESS));
    /** {@code (source, indices, out, count, cols)}, the indices 32-bit integers on the device. */
    static final Kernel GATHER_ROWS_F32 = fixed("network", "gather_rows_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64));
    static final Kernel GATHER_ROWS_F64 = fixed("network", "gather_rows_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64));


    /** Every kernel that is not an optimizer step, in declaration order. */
    private static final List<Kernel> FIXED = List.of(AXPY_F32, AXPY_F64, SCALE_F32, SCALE_F64, FILL_F64, MULTIPLY_F32, MULTIPLY_F64, DIVIDE_F32, DIVIDE_F64, LINEAR_COMBINATION_F32, LINEAR_COMBINATION_F64, DOT_F32, DOT_F64, DOTS_F32, DOTS_F64, MAX_ABS_F32, MAX_ABS_F64, NON_FINITE_F32, NON_FINITE_F64, SUM_PARTIALS, MAX_PARTIALS, GRADIENT_SUM_SQUARES, GRADIENT_MAX_ABS, MAT_VEC_F32, MAT_VEC_F64, MAT_TRANSPOSE_VEC_PARTIALS_F32, MAT_TRANSPOSE_VEC_PARTIALS_F64, MAT_TRANSPOSE_VEC_SUM_F32, MAT_TRANSPOSE_VEC_SUM_F64, ROSENBROCK_F32, ROSENBROCK_F64, ROSENBROCK_CURVATURE_VECTOR_F32, ROSENBROCK_CURVATURE_VECTOR_F64, ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F32, ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F64, LOGISTIC_LOSS_F32, LOGISTIC_LOSS_F64, LOGISTIC_CURVATURE_F32, LOGISTIC_CURVATURE_F64,
            GEMM_NT_F32, GEMM_NT_F64, GEMM_TN_F32, GEMM_TN_F64, GEMM_NN_F32, GEMM_NN_F64, BIAS_ACTIVATION_F32,
            BIAS_ACTIVATION_F64, ACTIVATION_BACKWARD_F32, ACTIVATION_BACKWARD_F64, COLUMN_SUMS_F32, COLUMN_SUMS_F64,
            SOFTMAX_CROSS_ENTROPY_F32, SOFTMAX_CROSS_ENTROPY_F64, SOFTMAX_CURVATURE_PRODUCT_F32,
            SOFTMAX_CURVATURE_PRODUCT_F64, SQUARED_ERROR_F32, SQUARED_ERROR_F64, CORRECT_PREDICTIONS_F32,
            CORRECT_PREDICTIONS_F64, GATHER_ROWS_F32, GATHER_ROWS_F64);

    /** Every optimizer step kernel, one per {@link KernelLayout}, by the layout's kernel name. */
    private static final Map<String, Kernel> OPTIMIZERS = optimizers();

    /** The kernels in order: the optimizer steps, then the others. */
    private static final List<Kernel> ALL = all();

    private final String module;
    private final String symbol;
    private final List<ParamKind> params;

    private Kernel(String module, String symbol, List<ParamKind> params) {
        this.module = module;
        this.symbol = symbol;
        this.params = params;
    }

    private static Kernel fixed(String module, String symbol, List<ParamKind> params) {
        return new Kernel(module, symbol, params);
    }

    private static Map<String, Kernel> optimizers() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        for (KernelLayout<?> layout : KernelLayout.all()) {
            m.put(layout.kernel(), new Kernel(layout.kernel(), layout.kernel() + "_step", OPTIMIZER));
        }
        return Collections.unmodifiableMap(m);
    }

    private static List<Kernel> all() {
        List<Kernel> all = new ArrayList<>(OPTIMIZERS.values());
        all.addAll(FIXED);
        return List.copyOf(all);
    }

    /** Every kernel: the optimizer steps (derived from the {@link KernelLayout}s), then the others. */
    static List<Kernel> values() {
        return ALL;
    }

    /**
     * The step kernel of an optimizer: {@code <kernel>_step} in {@code <kernel>.cu}, for the layout's
     * kernel name, taking {@code (tensors, chunks, num_chunks, present, args, clip)} (see {@code multi_tensor.cuh}).
     */
    static Kernel optimizer(KernelLayout<?> layout) {
        Kernel k = OPTIMIZERS.get(layout.kernel());
        if (k == null) {
            throw new IllegalArgumentException("no optimizer kernel '" + layout.kernel() + "'");
        }
        return k;
    }

    /** Whether this is an optimizer step kernel. */
    boolean isOptimizer() {
        return OPTIMIZERS.get(module) == this;
    }

    /** The module (source file without {@code .cu}) that defines the kernel. */
    String module() {
        return module;
    }

    /** The kernel's {@code extern "C"} name. */
    String symbol() {
        return symbol;
    }

    /** The parameters, in order. */
    List<ParamKind> params() {
        return params;
    }

    @Override
    public String toString() {
        return symbol;
    }
}

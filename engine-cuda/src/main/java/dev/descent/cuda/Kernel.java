package dev.descent.cuda;

import static dev.descent.cuda.ParamKind.ADDRESS;
import static dev.descent.cuda.ParamKind.F32;
import static dev.descent.cuda.ParamKind.F64;
import static dev.descent.cuda.ParamKind.I32;
import static dev.descent.cuda.ParamKind.I64;
import static dev.descent.cuda.ParamKind.STRUCT;

import java.util.List;

/**
 * Every kernel of {@code src/main/cuda}: the module (the {@code .cu} file, shipped as
 * {@code <module>.fatbin}) that holds it, its {@code extern "C"} name, and its parameters in order.
 * {@link KernelParams} checks each launch against this list, and the tests check the list against
 * the CUDA sources (and, through the emulator, against the compiled signatures).
 */
enum Kernel {
    SGD_STEP("sgd", "sgd_step", Signatures.OPTIMIZER),
    ADAGRAD_STEP("adagrad", "adagrad_step", Signatures.OPTIMIZER),
    ADADELTA_STEP("adadelta", "adadelta_step", Signatures.OPTIMIZER),
    RMSPROP_STEP("rmsprop", "rmsprop_step", Signatures.OPTIMIZER),
    RPROP_STEP("rprop", "rprop_step", Signatures.OPTIMIZER),
    ADAM_STEP("adam", "adam_step", Signatures.OPTIMIZER),
    ADAMAX_STEP("adamax", "adamax_step", Signatures.OPTIMIZER),
    NADAM_STEP("nadam", "nadam_step", Signatures.OPTIMIZER),
    GAINS_STEP("gains", "gains_step", Signatures.OPTIMIZER),
    VSGD_STEP("vsgd", "vsgd_step", Signatures.OPTIMIZER),

    /** {@code (alpha, x, y, n, vectorized)}: y ← alpha·x + y. */
    AXPY_F32("vector_ops", "axpy_f32", List.of(F32, ADDRESS, ADDRESS, I64, I32)),
    AXPY_F64("vector_ops", "axpy_f64", List.of(F64, ADDRESS, ADDRESS, I64, I32)),
    /** {@code (alpha, x, n, vectorized)}: x ← alpha·x. */
    SCALE_F32("vector_ops", "scale_f32", List.of(F32, ADDRESS, I64, I32)),
    SCALE_F64("vector_ops", "scale_f64", List.of(F64, ADDRESS, I64, I32)),
    /** {@code (value, x, n, vectorized)}; float32 tensors are filled with a 32-bit memset instead. */
    FILL_F64("vector_ops", "fill_f64", List.of(F64, ADDRESS, I64, I32)),
    /** {@code (a, b, out, n, vectorized)}. */
    MULTIPLY_F32("vector_ops", "multiply_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32)),
    MULTIPLY_F64("vector_ops", "multiply_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32)),
    DIVIDE_F32("vector_ops", "divide_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32)),
    DIVIDE_F64("vector_ops", "divide_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32)),
    /** {@code (terms, count, out, n, vectorized)}: out ← Σ cₖvₖ over an {@link OperandTable} of terms. */
    LINEAR_COMBINATION_F32("vector_ops", "linear_combination_f32", List.of(ADDRESS, I32, ADDRESS, I64, I32)),
    LINEAR_COMBINATION_F64("vector_ops", "linear_combination_f64", List.of(ADDRESS, I32, ADDRESS, I64, I32)),

    /** Pass 1 of dot: {@code (a, b, n, vectorized, partials)}, one partial per block. */
    DOT_F32("reductions", "dot_f32", List.of(ADDRESS, ADDRESS, I64, I32, ADDRESS)),
    DOT_F64("reductions", "dot_f64", List.of(ADDRESS, ADDRESS, I64, I32, ADDRESS)),
    /**
     * Pass 1 of dots: {@code (pairs, count, n, vectorized, partials)} over an {@link OperandTable} of
     * at most {@link DotPairs#MAX_PER_LAUNCH} pairs; product {@code p}'s partials form row {@code p}.
     */
    DOTS_F32("reductions", "dots_f32", List.of(ADDRESS, I32, I64, I32, ADDRESS)),
    DOTS_F64("reductions", "dots_f64", List.of(ADDRESS, I32, I64, I32, ADDRESS)),
    /** Pass 1 of maxAbs: {@code (x, n, vectorized, partials)}. */
    MAX_ABS_F32("reductions", "max_abs_f32", List.of(ADDRESS, I64, I32, ADDRESS)),
    MAX_ABS_F64("reductions", "max_abs_f64", List.of(ADDRESS, I64, I32, ADDRESS)),
    /** Pass 1 of hasNonFinite: {@code (x, n, vectorized, partials)}, partials 1.0 where found. */
    NON_FINITE_F32("reductions", "non_finite_f32", List.of(ADDRESS, I64, I32, ADDRESS)),
    NON_FINITE_F64("reductions", "non_finite_f64", List.of(ADDRESS, I64, I32, ADDRESS)),
    /** Pass 2, one block per row of {@code count} partials: {@code (partials, count, result)}, row {@code r} into {@code result[r]}. */
    SUM_PARTIALS("reductions", "sum_partials", List.of(ADDRESS, I32, ADDRESS)),
    MAX_PARTIALS("reductions", "max_partials", List.of(ADDRESS, I32, ADDRESS)),

    /** {@code (a, x, out, rows, cols)}: out ← A·x, one warp's worth of threads per row. */
    MAT_VEC_F32("matrix_vector", "mat_vec_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64)),
    MAT_VEC_F64("matrix_vector", "mat_vec_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I64)),
    /** Pass 1 of Aᵀ·v: {@code (a, v, rows, cols, segmentRows, partials)}, one partial per segment and column. */
    MAT_TRANSPOSE_VEC_PARTIALS_F32("matrix_vector", "mat_transpose_vec_partials_f32",
            List.of(ADDRESS, ADDRESS, I64, I64, I64, ADDRESS)),
    MAT_TRANSPOSE_VEC_PARTIALS_F64("matrix_vector", "mat_transpose_vec_partials_f64",
            List.of(ADDRESS, ADDRESS, I64, I64, I64, ADDRESS)),
    /** Pass 2 of Aᵀ·v: {@code (partials, segments, cols, out)}. */
    MAT_TRANSPOSE_VEC_SUM_F32("matrix_vector", "mat_transpose_vec_sum_f32", List.of(ADDRESS, I32, I64, ADDRESS)),
    MAT_TRANSPOSE_VEC_SUM_F64("matrix_vector", "mat_transpose_vec_sum_f64", List.of(ADDRESS, I32, I64, ADDRESS)),

    /** Pass 1 of the Rosenbrock value, and its gradient: {@code (x, gradient, pairs, partials)}. */
    ROSENBROCK_F32("rosenbrock", "rosenbrock_f32", List.of(ADDRESS, ADDRESS, I64, ADDRESS)),
    ROSENBROCK_F64("rosenbrock", "rosenbrock_f64", List.of(ADDRESS, ADDRESS, I64, ADDRESS)),
    /** {@code (curvature, x, v, out, pairs)}, {@code curvature} the ordinal of {@link dev.descent.kernel.RosenbrockCurvature}. */
    ROSENBROCK_CURVATURE_VECTOR_F32("rosenbrock", "rosenbrock_curvature_vector_f32",
            List.of(I32, ADDRESS, ADDRESS, ADDRESS, I64)),
    ROSENBROCK_CURVATURE_VECTOR_F64("rosenbrock", "rosenbrock_curvature_vector_f64",
            List.of(I32, ADDRESS, ADDRESS, ADDRESS, I64)),
    /** {@code (x, out, pairs)}. */
    ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F32("rosenbrock", "rosenbrock_gauss_newton_diagonal_f32",
            List.of(ADDRESS, ADDRESS, I64)),
    ROSENBROCK_GAUSS_NEWTON_DIAGONAL_F64("rosenbrock", "rosenbrock_gauss_newton_diagonal_f64",
            List.of(ADDRESS, ADDRESS, I64)),

    /** Pass 1 of the logistic loss, and the residuals: {@code (margins, labels, residual, n, vectorized, partials)}. */
    LOGISTIC_LOSS_F32("logistic_loss", "logistic_loss_f32", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32, ADDRESS)),
    LOGISTIC_LOSS_F64("logistic_loss", "logistic_loss_f64", List.of(ADDRESS, ADDRESS, ADDRESS, I64, I32, ADDRESS)),
    /** {@code (margins, weights, n, vectorized)}. */
    LOGISTIC_CURVATURE_F32("logistic_loss", "logistic_curvature_f32", List.of(ADDRESS, ADDRESS, I64, I32)),
    LOGISTIC_CURVATURE_F64("logistic_loss", "logistic_curvature_f64", List.of(ADDRESS, ADDRESS, I64, I32));

    private final String module;
    private final String symbol;
    private final List<ParamKind> params;

    Kernel(String module, String symbol, List<ParamKind> params) {
        this.module = module;
        this.symbol = symbol;
        this.params = params;
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

    /** Signatures shared by several kernels (an enum constant cannot refer to a static field of its enum). */
    private static final class Signatures {
        /** {@code (tensors, chunks, num_chunks, present, args)}: see {@code multi_tensor.cuh}. */
        static final List<ParamKind> OPTIMIZER = List.of(ADDRESS, ADDRESS, I32, I32, STRUCT);
    }
}

package dev.descent.backend;

import dev.descent.kernel.Activation;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The shape, dtype and aliasing checks of every {@link NetworkKernels} method, shared by the backends so
 * that a bad call fails with the same message everywhere; each message names the tensors involved.
 * Ownership and liveness stay each backend's own check (as for {@link KernelArguments}).
 *
 * <p>A matrix operand is a 2-D tensor {@code [rows, cols]}, or a 1-D tensor of {@code n} elements read as
 * {@code [n, 1]}; any other rank is refused. Dimensions above {@link Integer#MAX_VALUE} are refused too,
 * so that the kernels may index rows and columns with {@code int}. The GEMM checks return the
 * product's dimensions, the others nothing: the kernels read rows and columns with {@link #rows} and
 * {@link #cols}.
 */
public final class NetworkArguments {
    private NetworkArguments() {
    }

    /**
     * The dimensions of a product {@code out[m, n] = Σₗ …[·, l]…}, {@code k} the summed (inner) dimension.
     *
     * @param m the rows of the result
     * @param n the columns of the result
     * @param k the number of terms in each element's sum
     */
    public record Gemm(int m, int n, int k) {
    }

    /** The rows of matrix operand {@code t} ({@code n} for a 1-D tensor of {@code n} elements). */
    public static int rows(Tensor t) {
        return dimension(t, 0);
    }

    /** The columns of matrix operand {@code t} (1 for a 1-D tensor). */
    public static int cols(Tensor t) {
        return dimension(t, 1);
    }

    /** Checks {@link NetworkKernels#matMulTransposeB}: {@code a [m, k]}, {@code b [n, k]}, {@code out [m, n]}. */
    public static Gemm requireMatMulTransposeB(Tensor a, Tensor b, Tensor out) {
        return requireGemm("a·bᵀ", a, b, out, rows(a), cols(a), cols(b), rows(b));
    }

    /** Checks {@link NetworkKernels#matMulTransposeA}: {@code a [k, m]}, {@code b [k, n]}, {@code out [m, n]}. */
    public static Gemm requireMatMulTransposeA(Tensor a, Tensor b, Tensor out) {
        return requireGemm("aᵀ·b", a, b, out, cols(a), rows(a), rows(b), cols(b));
    }

    /** Checks {@link NetworkKernels#matMul}: {@code a [m, k]}, {@code b [k, n]}, {@code out [m, n]}. */
    public static Gemm requireMatMul(Tensor a, Tensor b, Tensor out) {
        return requireGemm("a·b", a, b, out, rows(a), cols(a), rows(b), cols(b));
    }

    /**
     * Checks {@link NetworkKernels#biasActivation}: {@code z [m, n]}, a bias of {@code n} elements, {@code h}
     * shaped as {@code z} (it may be {@code z}, never the bias).
     */
    public static void requireBiasActivation(Tensor z, Tensor bias, Activation activation, Tensor h) {
        Objects.requireNonNull(activation, "activation");
        requireSameMatrix("biasActivation", z, h);
        requireOnePerColumn("biasActivation: bias", z, bias);
        requireDistinct("biasActivation", h, bias);
    }

    /**
     * Checks {@link NetworkKernels#activationBackward}: {@code h}, {@code upstream} and {@code out} of one
     * shape; {@code out} may be {@code upstream}, never {@code h}.
     */
    public static void requireActivationBackward(Activation activation, Tensor h, Tensor upstream, Tensor out) {
        Objects.requireNonNull(activation, "activation");
        requireSameMatrix("activationBackward", h, upstream);
        requireSameMatrix("activationBackward", h, out);
        requireDistinct("activationBackward", out, h);
    }

    /** Checks {@link NetworkKernels#columnSums}: {@code a [m, n]}, {@code out} of {@code n} elements, not {@code a}. */
    public static void requireColumnSums(Tensor a, Tensor out) {
        requireOnePerColumn("columnSums:", a, out);
        requireDistinct("columnSums", out, a);
    }

    /**
     * Checks {@link NetworkKernels#softmaxCrossEntropy}: {@code logits [m, k]} with {@code k ≥ 1}, {@code m}
     * labels, a gradient shaped as the logits (it may be the logits, never the labels), a finite scale.
     * The labels' values are checked by the kernel, with {@link #requireLabel}.
     */
    public static void requireSoftmaxCrossEntropy(Tensor logits, Tensor labels, Tensor gradient, double scale) {
        requireLabels("softmaxCrossEntropy", logits, labels);
        requireSameMatrix("softmaxCrossEntropy", logits, gradient);
        requireDistinct("softmaxCrossEntropy", gradient, labels);
        requireFiniteScale("softmaxCrossEntropy", scale);
    }

    /**
     * Checks {@link NetworkKernels#softmaxCurvatureProduct}: {@code logits}, {@code v} and {@code out} of one
     * shape with at least one column; {@code out} may be {@code v}, never the logits; a finite scale.
     */
    public static void requireSoftmaxCurvatureProduct(Tensor logits, Tensor v, Tensor out, double scale) {
        requireClasses("softmaxCurvatureProduct", logits);
        requireSameMatrix("softmaxCurvatureProduct", logits, v);
        requireSameMatrix("softmaxCurvatureProduct", logits, out);
        requireDistinct("softmaxCurvatureProduct", out, logits);
        requireFiniteScale("softmaxCurvatureProduct", scale);
    }

    /**
     * Checks {@link NetworkKernels#squaredError}: {@code pred}, {@code target} and {@code gradient} of one
     * shape; the gradient may be {@code pred}, never the target; a finite scale.
     */
    public static void requireSquaredError(Tensor pred, Tensor target, Tensor gradient, double scale) {
        requireSameMatrix("squaredError", pred, target);
        requireSameMatrix("squaredError", pred, gradient);
        requireDistinct("squaredError", gradient, target);
        requireFiniteScale("squaredError", scale);
    }

    /** Checks {@link NetworkKernels#correctPredictions}: {@code logits [m, k]} with {@code k ≥ 1} and {@code m} labels. */
    public static void requireCorrectPredictions(Tensor logits, Tensor labels) {
        requireLabels("correctPredictions", logits, labels);
    }

    /**
     * Checks {@link NetworkKernels#gatherRows}: {@code source [N, d]}, {@code out [rows.length, d]} of the same
     * dtype and not the source, and every index in {@code [0, N)} (the message names its position).
     */
    public static void requireGatherRows(Tensor source, int[] rows, Tensor out) {
        Objects.requireNonNull(rows, "rows");
        int n = rows(source);
        if (rows(out) != rows.length || cols(out) != cols(source)) {
            throw new IllegalArgumentException("gatherRows: '" + out.name() + "' of shape "
                    + Arrays.toString(out.shape()) + " cannot hold " + rows.length + " rows of '" + source.name()
                    + "' of shape " + Arrays.toString(source.shape()) + "; it needs [" + rows.length + ", "
                    + cols(source) + "]");
        }
        Shapes.requireSameDType(source, out);
        requireDistinct("gatherRows", out, source);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] < 0 || rows[r] >= n) {
                throw new IllegalArgumentException("gatherRows: rows[" + r + "] = " + rows[r] + " is outside [0, "
                        + n + ") of '" + source.name() + "'");
            }
        }
    }

    /**
     * The class that label {@code value} of row {@code row} stands for; throws
     * {@link IllegalArgumentException} naming the labels tensor and the row unless it is an integer in
     * {@code 0 … classes−1}. The kernels that read labels call it, so every backend reports a bad label
     * alike (a device backend after copying the offending row's label to the host).
     */
    public static int requireLabel(Tensor labels, long row, double value, int classes) {
        if (!(value >= 0 && value < classes && value == Math.rint(value))) {
            throw new IllegalArgumentException("label " + value + " in row " + row + " of '" + labels.name()
                    + "' is not a class in 0 … " + (classes - 1));
        }
        return (int) value;
    }

    private static Gemm requireGemm(String product, Tensor a, Tensor b, Tensor out, int m, int kOfA, int kOfB, int n) {
        if (kOfA != kOfB || rows(out) != m || cols(out) != n) {
            throw new IllegalArgumentException(product + ": '" + a.name() + "' of shape " + Arrays.toString(a.shape())
                    + ", '" + b.name() + "' of shape " + Arrays.toString(b.shape()) + " and '" + out.name()
                    + "' of shape " + Arrays.toString(out.shape()) + " do not fit"
                    + (kOfA != kOfB ? " (inner dimensions " + kOfA + " and " + kOfB + " differ)"
                            : " (the product is [" + m + ", " + n + "])"));
        }
        Shapes.requireSameDType(a, b);
        Shapes.requireSameDType(a, out);
        requireDistinct(product, out, a);
        requireDistinct(product, out, b);
        return new Gemm(m, n, kOfA);
    }

    private static void requireOnePerColumn(String what, Tensor matrix, Tensor vector) {
        if (vector.size() != cols(matrix)) {
            throw new IllegalArgumentException(what + " '" + vector.name() + "' has " + vector.size()
                    + " elements but '" + matrix.name() + "' of shape " + Arrays.toString(matrix.shape()) + " has "
                    + cols(matrix) + " columns");
        }
        Shapes.requireSameDType(matrix, vector);
    }

    private static void requireLabels(String kernel, Tensor logits, Tensor labels) {
        requireClasses(kernel, logits);
        if (labels.size() != rows(logits)) {
            throw new IllegalArgumentException(kernel + ": '" + labels.name() + "' has " + labels.size()
                    + " labels but '" + logits.name() + "' of shape " + Arrays.toString(logits.shape()) + " has "
                    + rows(logits) + " rows");
        }
        Shapes.requireSameDType(logits, labels);
    }

    private static void requireClasses(String kernel, Tensor logits) {
        if (cols(logits) < 1) {
            throw new IllegalArgumentException(kernel + ": '" + logits.name() + "' of shape "
                    + Arrays.toString(logits.shape()) + " has no classes (columns)");
        }
    }

    private static void requireSameMatrix(String kernel, Tensor first, Tensor other) {
        if (rows(first) != rows(other) || cols(first) != cols(other)) {
            throw new IllegalArgumentException(kernel + ": shape mismatch: '" + first.name() + "' has shape "
                    + Arrays.toString(first.shape()) + " but '" + other.name() + "' has shape "
                    + Arrays.toString(other.shape()));
        }
        Shapes.requireSameDType(first, other);
    }

    private static void requireDistinct(String kernel, Tensor out, Tensor in) {
        if (out == in) {
            throw new IllegalArgumentException(kernel + ": the output '" + out.name()
                    + "' is also an input it reads; pass another tensor");
        }
    }

    private static void requireFiniteScale(String kernel, double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException(kernel + ": scale must be finite, got " + scale);
        }
    }

    private static int dimension(Tensor t, int axis) {
        long[] shape = t.shape();
        if (shape.length != 1 && shape.length != 2) {
            throw new IllegalArgumentException("'" + t.name() + "' must be a matrix [rows, cols] (or a vector of n"
                    + " elements, read as [n, 1]), got shape " + Arrays.toString(shape));
        }
        long d = axis < shape.length ? shape[axis] : 1;
        if (d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + t.name() + "' of shape " + Arrays.toString(shape)
                    + " has more than " + Integer.MAX_VALUE + " rows or columns");
        }
        return (int) d;
    }
}

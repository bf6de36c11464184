package dev.descent.backend;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The shape and dtype checks of the multi-tensor vector operations and the objective kernels,
 * shared by every backend so that a bad call fails with the same message everywhere. Ownership and
 * liveness are each backend's own check.
 */
public final class KernelArguments {
    private KernelArguments() {
    }

    /**
     * The dtypes of one parameter's slots in an optimizer step, checked alike by every backend: a
     * float32 parameter with a float32 gradient and float32 state, or a bfloat16/float16 parameter with
     * a gradient of its own dtype and float32 state that includes its {@value ParameterSlots#MASTER_PARAM}.
     * Throws {@link IllegalArgumentException} naming the tensor otherwise.
     */
    public static void requireSlotDTypes(ParameterSlots s) {
        DType dtype = s.param().dtype();
        if (dtype != DType.FLOAT32 && !dtype.isLowPrecision()) {
            throw new IllegalArgumentException("optimizer kernels need float32 parameters (or bfloat16/float16 ones"
                    + " with a float32 " + ParameterSlots.MASTER_PARAM + ") but '" + s.param().name() + "' is "
                    + dtype.label());
        }
        if (s.grad().dtype() != dtype) {
            throw new IllegalArgumentException("gradient '" + s.grad().name() + "' is " + s.grad().dtype().label()
                    + " but its parameter '" + s.param().name() + "' is " + dtype.label());
        }
        if (s.hasMaster() && !s.state().containsKey(ParameterSlots.MASTER_PARAM)) {
            throw new IllegalArgumentException("parameter '" + s.param().name() + "' is " + dtype.label()
                    + ": optimizer kernels update it through a float32 state '" + ParameterSlots.MASTER_PARAM
                    + "', which it lacks (build the optimizer with masterWeights(true))");
        }
        for (Tensor t : s.state().values()) {
            Shapes.requireDType(t, DType.FLOAT32, "optimizer state");
        }
    }

    /** Checks a {@link VectorOps#dots} call. */
    public static void requireDots(Tensor[] a, Tensor[] b, double[] out) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("dots needs at least one tensor on each side, got " + a.length
                    + " and " + b.length);
        }
        if (out.length < (long) a.length * b.length) {
            throw new IllegalArgumentException("dots of " + a.length + " × " + b.length + " tensors needs "
                    + (long) a.length * b.length + " results but out has " + out.length);
        }
        requireAlike(a[0], a);
        requireAlike(a[0], b);
    }

    /** Checks a {@link VectorOps#linearCombination} call. */
    public static void requireLinearCombination(double[] coefficients, Tensor[] vectors, Tensor out) {
        if (vectors.length == 0 || coefficients.length != vectors.length) {
            throw new IllegalArgumentException("linearCombination needs as many coefficients as tensors (≥ 1), got "
                    + coefficients.length + " and " + vectors.length);
        }
        requireAlike(out, vectors);
    }

    /** Checks a {@link ObjectiveKernels#matVec} ({@code transpose} false) or {@link ObjectiveKernels#matTransposeVec} call. */
    public static void requireMatrixVector(Tensor a, Tensor in, Tensor out, boolean transpose) {
        long[] shape = a.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("matrix '" + a.name() + "' must have shape [rows, cols], got "
                    + Arrays.toString(shape));
        }
        long inSize = transpose ? shape[0] : shape[1];
        long outSize = transpose ? shape[1] : shape[0];
        String product = transpose ? "Aᵀ·v" : "A·x";
        if (in.size() != inSize || out.size() != outSize) {
            throw new IllegalArgumentException(product + " with '" + a.name() + "' of shape " + Arrays.toString(shape)
                    + " needs " + inSize + " inputs and " + outSize + " outputs, but '" + in.name() + "' has "
                    + in.size() + " and '" + out.name() + "' has " + out.size() + " elements");
        }
        if (in == out) {
            throw new IllegalArgumentException(product + " cannot write its result into its input '" + in.name() + "'");
        }
        Shapes.requireSameDType(a, in);
        Shapes.requireSameDType(a, out);
    }

    /** Checks the tensors of a Rosenbrock kernel: an even element count ≥ 2, equal sizes and dtypes. */
    public static void requireRosenbrock(Tensor x, Tensor... others) {
        if (x.size() < 2 || x.size() % 2 != 0) {
            throw new IllegalArgumentException("the Rosenbrock function pairs its variables: '" + x.name()
                    + "' must have an even number ≥ 2 of elements, has " + x.size());
        }
        requireSameSizes(x, others);
    }

    /** Checks tensors that hold one value per element of {@code first}, in its dtype. */
    public static void requireSameSizes(Tensor first, Tensor... others) {
        for (Tensor t : others) {
            if (t.size() != first.size()) {
                throw new IllegalArgumentException("size mismatch: '" + first.name() + "' has " + first.size()
                        + " elements but '" + t.name() + "' has " + t.size());
            }
            Shapes.requireSameDType(first, t);
        }
    }

    private static void requireAlike(Tensor first, Tensor[] tensors) {
        for (Tensor t : tensors) {
            Shapes.requireSameShape(first, t);
            Shapes.requireSameDType(first, t);
        }
    }
}

package dev.descent.cuda;

import dev.descent.backend.Backend;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;

/** The checks the CUDA backend applies to the tensors handed to it, worded as the CPU backends word them. */
final class CudaTensors {
    private CudaTensors() {
    }

    /**
     * {@code t} as an open {@link CudaTensor} of {@code backend}, float32 or float64 (what the vector
     * operations, objectives and network kernels compute in); throws naming the tensor otherwise.
     */
    static CudaTensor own(Backend backend, Tensor t) {
        CudaTensor c = open(backend, t);
        Shapes.requireComputed(t);
        return c;
    }

    /** {@code t} as an open {@link CudaTensor} of {@code backend}, of any dtype; throws naming the tensor otherwise. */
    static CudaTensor open(Backend backend, Tensor t) {
        if (t.backend() != backend || !(t instanceof CudaTensor c)) {
            String owner = t.backend().name().equals(backend.name())
                    ? "another instance of backend '" + backend.name() + "'"
                    : "backend '" + t.backend().name() + "', not to '" + backend.name() + "'";
            throw new IllegalArgumentException("tensor '" + t.name() + "' belongs to " + owner);
        }
        c.requireOpen();
        return c;
    }

    /** Both tensors open, owned by {@code backend}, with the same shape and dtype. */
    static void requireCompatible(Backend backend, Tensor a, Tensor b) {
        own(backend, a);
        own(backend, b);
        Shapes.requireSameShape(a, b);
        Shapes.requireSameDType(a, b);
    }

    /**
     * A tensor of an optimizer step: open, owned by {@code backend}, shaped like its parameter (the dtypes
     * are {@link dev.descent.backend.KernelArguments#requireSlotDTypes}'s to check).
     */
    static CudaTensor requireSlot(Backend backend, Tensor param, Tensor t) {
        CudaTensor c = open(backend, t);
        Shapes.requireSameShape(param, t);
        return c;
    }
}

package dev.descent.cpu;

import dev.descent.backend.Backend;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.ParameterSlots;
import java.util.List;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;

/** The checks every CPU backend applies to the tensors handed to it. */
public final class CpuTensors {
    private CpuTensors() {
    }

    /**
     * {@code t} as a {@link CpuTensor} of {@code backend}, open, of a dtype the vector operations,
     * objectives and network kernels compute in (float32 or float64); throws naming the tensor otherwise.
     */
    public static CpuTensor own(Backend backend, Tensor t) {
        CpuTensor c = open(backend, t);
        Shapes.requireComputed(t);
        return c;
    }

    /** {@code t} as a {@link CpuTensor} of {@code backend}, open, of any dtype; throws naming the tensor otherwise. */
    public static CpuTensor open(Backend backend, Tensor t) {
        CpuTensor c = owned(backend, t);
        c.segment(); // throws if closed
        return c;
    }

    /**
     * {@code t} as a {@link CpuTensor} of {@code backend}, open or not; throws {@link IllegalArgumentException}
     * naming the tensor and its backend otherwise.
     */
    public static CpuTensor owned(Backend backend, Tensor t) {
        if (t.backend() != backend || !(t instanceof CpuTensor c)) {
            String owner = t.backend().name().equals(backend.name())
                    ? "another instance of backend '" + backend.name() + "'"
                    : "backend '" + t.backend().name() + "', not to '" + backend.name() + "'";
            throw new IllegalArgumentException("tensor '" + t.name() + "' belongs to " + owner);
        }
        return c;
    }

    /** Both tensors owned by {@code backend}, open, with the same shape and dtype. */
    public static void requireCompatible(Backend backend, Tensor a, Tensor b) {
        own(backend, a);
        own(backend, b);
        Shapes.requireSameShape(a, b);
        Shapes.requireSameDType(a, b);
    }

    /**
     * Checks what an optimizer kernel is handed: every tensor open, owned by {@code backend} and shaped
     * like its parameter, of the dtypes {@link KernelArguments#requireSlotDTypes} allows.
     */
    public static void requireSlots(Backend backend, List<ParameterSlots> params) {
        for (ParameterSlots s : params) {
            requireSlotTensor(backend, s.param(), s.param());
            requireSlotTensor(backend, s.param(), s.grad());
            for (var t : s.state().values()) {
                requireSlotTensor(backend, s.param(), t);
            }
            KernelArguments.requireSlotDTypes(s);
        }
    }

    private static void requireSlotTensor(Backend backend, Tensor param, Tensor t) {
        open(backend, t);
        Shapes.requireSameShape(param, t);
    }
}

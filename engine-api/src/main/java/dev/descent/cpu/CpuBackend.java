package dev.descent.cpu;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The tensor factory the CPU backends share: they differ only in where a new tensor's memory
 * lives ({@link #newTensor}); copies from arrays and zero-copy wraps of the caller's segments work
 * the same way for both.
 */
public abstract class CpuBackend implements Backend {

    /** A new zero-filled tensor in this backend's kind of memory. */
    protected abstract CpuTensor newTensor(String name, DType dtype, long... shape);

    @Override
    public final Tensor allocate(String name, DType dtype, long... shape) {
        return newTensor(name, dtype, shape);
    }

    @Override
    public final Tensor fromArray(String name, float[] values, long... shape) {
        Tensor t = newTensor(name, DType.FLOAT32, Shapes.shapeFor(values.length, shape));
        t.copyFrom(values);
        return t;
    }

    @Override
    public final Tensor fromArray(String name, double[] values, long... shape) {
        Tensor t = newTensor(name, DType.FLOAT64, Shapes.shapeFor(values.length, shape));
        t.copyFrom(values);
        return t;
    }

    /**
     * A view of {@code parent}, a tensor of this backend: see {@link Backend#view} and {@link CpuTensor#view}.
     *
     * @throws IllegalArgumentException if {@code parent} belongs to another backend or the window does not fit
     * @throws IllegalStateException if {@code parent} is closed
     */
    @Override
    public final Tensor view(Tensor parent, String name, long offset, long... shape) {
        return CpuTensor.view(CpuTensors.owned(this, parent), name, offset, shape);
    }

    @Override
    public final Tensor wrap(String name, MemorySegment segment, DType dtype, long... shape) {
        return CpuTensor.wrap(this, name, segment, dtype, shape);
    }
}

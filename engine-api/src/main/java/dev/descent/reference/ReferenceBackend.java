package dev.descent.reference;

import dev.descent.backend.Availability;
import dev.descent.backend.NetworkKernels;
import dev.descent.backend.ObjectiveKernels;
import dev.descent.backend.OptimizerKernels;
import dev.descent.backend.VectorOps;
import dev.descent.cpu.CpuBackend;
import dev.descent.cpu.CpuTensor;
import dev.descent.tensor.DType;

/**
 * The specification: every kernel as a plain Java loop over one element at a time, in the order
 * torch's float32 CPU ops take. Tensors live on the Java heap ({@code float[]}/{@code double[]}), or
 * in a segment the caller wraps. Not fast, and not meant to be.
 */
public final class ReferenceBackend extends CpuBackend {

    /** The backend's name. */
    public static final String NAME = "reference";

    private final VectorOps vectorOps = new ReferenceVectors(this);
    private final ObjectiveKernels objectiveKernels = new ReferenceObjectiveKernels(this);
    private final OptimizerKernels optimizerKernels = new ReferenceOptimizerKernels(this);
    private final NetworkKernels networkKernels = new ReferenceNetworkKernels(this);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    protected CpuTensor newTensor(String name, DType dtype, long... shape) {
        return CpuTensor.onHeap(this, name, dtype, shape);
    }

    @Override
    public VectorOps vectorOps() {
        return vectorOps;
    }

    @Override
    public ObjectiveKernels objectiveKernels() {
        return objectiveKernels;
    }

    @Override
    public OptimizerKernels optimizerKernels() {
        return optimizerKernels;
    }

    @Override
    public NetworkKernels networkKernels() {
        return networkKernels;
    }

    @Override
    public String toString() {
        return NAME;
    }
}

package dev.descent.simd;

import dev.descent.backend.Availability;
import dev.descent.backend.NetworkKernels;
import dev.descent.backend.ObjectiveKernels;
import dev.descent.backend.OptimizerKernels;
import dev.descent.backend.VectorOps;
import dev.descent.cpu.CpuBackend;
import dev.descent.cpu.CpuTensor;
import dev.descent.tensor.DType;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API backend: every kernel of the reference backend as a loop over SIMD vectors of
 * off-heap memory, with the same operation order, so its optimizer steps and elementwise operations
 * agree with the reference bit for bit (see the {@linkplain dev.descent.simd package notes}).
 *
 * <p>Tensors live off-heap, 64-byte aligned, freed on close ({@link CpuTensor#offHeap}), or in a
 * segment the caller wraps (zero-copy). A call whose tensors hold 2¹⁶ elements or more in all is
 * cut into fixed chunks of 2¹⁶ elements, packed across the tensors of a parameter group, that
 * {@link #threads()} threads run; smaller calls run on the calling thread. The helper threads spin
 * for 0.1 ms after each call before they park, so back-to-back calls find them awake. Results do not depend on
 * the thread count, reductions included. Instances are thread-safe.
 */
public final class SimdBackend extends CpuBackend {

    /** The backend's name. */
    public static final String NAME = "simd";

    private final ChunkScheduler scheduler;
    private final VectorOps vectorOps;
    private final ObjectiveKernels objectiveKernels;
    private final OptimizerKernels optimizerKernels;
    private final NetworkKernels networkKernels;

    /** A backend with the thread count of {@value SimdBackendProvider#THREADS_PROPERTY}, or one per processor. */
    public SimdBackend() {
        this(SimdBackendProvider.configuredThreads());
    }

    /**
     * A backend that runs large calls on {@code threads} threads (the caller included); at least 1.
     * Throws {@link IllegalStateException} if this CPU's vectors are too narrow to be worth it
     * ({@link SimdBackendProvider#availability()} says so without throwing).
     */
    public SimdBackend(int threads) {
        if (vectorBitSize() < SimdBackendProvider.MIN_VECTOR_BITS) {
            throw new IllegalStateException(SimdBackendProvider.tooNarrow(vectorBitSize()));
        }
        this.scheduler = new ChunkScheduler(threads);
        this.vectorOps = new SimdVectors(this, scheduler);
        this.objectiveKernels = new SimdObjectiveKernels(this, scheduler);
        this.optimizerKernels = new SimdOptimizerKernels(this, scheduler);
        this.networkKernels = new SimdNetworkKernels(this, scheduler);
    }

    /** The number of threads that run a large call, the calling thread included. */
    public int threads() {
        return scheduler.threads();
    }

    /**
     * The width in bits of the vectors the kernels use: the preferred species of this CPU, read
     * without initialising the kernels' constants, which need 128 bits or more.
     */
    public static int vectorBitSize() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

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
        return CpuTensor.offHeap(this, name, dtype, shape);
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

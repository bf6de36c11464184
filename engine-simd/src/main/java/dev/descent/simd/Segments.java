package dev.descent.simd;

import dev.descent.cpu.CpuTensor;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/** The memory behind the backend's tensors, which {@link dev.descent.cpu.CpuTensors} has checked are its own. */
final class Segments {
    private Segments() {
    }

    /** The memory of {@code t}; throws {@link IllegalStateException} naming the tensor if it is closed. */
    static MemorySegment of(Tensor t) {
        return ((CpuTensor) t).segment();
    }
}

package dev.descent.bench;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import org.openjdk.jmh.annotations.Fork;

/**
 * {@link OptimizerStepBenchmark} on the CUDA backend. A step only queues kernels on the GPU, so each
 * timed operation also waits for them ({@link #asynchronous()}): reading one element back follows
 * the queued work.
 *
 * <p>Needs an NVIDIA GPU with a working driver. Where the backend is unavailable the trial's set-up
 * throws {@link IllegalStateException} with the backend's reason, and JMH reports the benchmark as
 * failed with that message (exclude it on a machine without a GPU: {@code -e CudaStepBenchmark}).
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CudaStepBenchmark extends OptimizerStepBenchmark {

    @Override
    protected Backend createBackend() {
        BackendProvider cuda = Backends.provider("cuda");
        Availability a = cuda.availability();
        if (!a.available()) {
            throw new IllegalStateException("CudaStepBenchmark needs the 'cuda' backend, which is unavailable here: "
                    + a.reason());
        }
        return cuda.create();
    }

    @Override
    protected boolean asynchronous() {
        return true;
    }
}

package dev.descent.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.Availability;
import dev.descent.backend.Backends;

/** The CUDA backend on a real GPU for the tests that need one; they skip, naming the reason, where there is none. */
final class RealGpu {

    private RealGpu() {
    }

    /** The backend, or the test is skipped (an assumption failure) saying why the backend is unavailable. */
    static CudaBackend require() {
        Availability a = new CudaBackendProvider().availability();
        assumeTrue(a.available(), () -> "backend 'cuda' unavailable: " + a.reason());
        return (CudaBackend) Backends.get("cuda");
    }
}

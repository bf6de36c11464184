package dev.descent.cuda;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;

/**
 * Registers the CUDA backend. Loading this class touches neither JCuda nor the driver: the first
 * {@link #availability()} probes them once ({@code CudaRuntime}) and every later call returns that
 * answer. Where there is no GPU it says why ("no CUDA driver (libcuda.so.1 not found)", "no CUDA device
 * (CUDA_ERROR_NO_DEVICE)", ...) and never throws.
 *
 * <p>Its priority, 5, is below the SIMD backend's: {@link dev.descent.backend.Backends#best()} is what
 * code gets without asking, and the CUDA backend cannot {@link Backend#wrap wrap} host memory, which
 * code written for the CPU backends relies on. Choose it by name ({@code Backends.get("cuda")},
 * {@code -Ddescent.backend=cuda}, {@code --backend cuda}).
 */
public final class CudaBackendProvider implements BackendProvider {

    private static Backend shared; // guarded by CudaBackendProvider.class

    @Override
    public String name() {
        return CudaBackend.NAME;
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public Availability availability() {
        try {
            return CudaRuntime.probe().availability();
        } catch (Throwable e) { // even a class of this module failing to load must not escape
            return Availability.no("the CUDA backend failed to load: " + e);
        }
    }

    /** The shared backend on the probed GPU; throws {@link IllegalStateException} with the reason when unavailable. */
    @Override
    public Backend create() {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("backend '" + CudaBackend.NAME + "' is unavailable: " + a.reason());
        }
        synchronized (CudaBackendProvider.class) {
            if (shared == null) {
                shared = new CudaBackend(CudaRuntime.probe().device());
            }
            return shared;
        }
    }
}

package dev.descent.backend;

/**
 * The {@link java.util.ServiceLoader} entry point of a backend.
 *
 * <p>A provider must be cheap to load: it probes availability without touching the classes that
 * may be missing (the Vector API, the CUDA driver) and creates the backend only when asked.
 */
public interface BackendProvider {

    /** The backend's name as users type it ({@code reference}, {@code simd}, {@code cuda}). */
    String name();

    /** Higher wins when {@link Backends#best()} picks a default. */
    int priority();

    /** Whether {@link #create()} can succeed here, with the reason if not. Never throws. */
    Availability availability();

    /** Creates the backend; throws {@link IllegalStateException} with the reason when unavailable. */
    Backend create();
}

package dev.descent.simd;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Registers the Vector API backend. Like Lucene's {@code VectorizationProvider}, it never touches
 * {@code jdk.incubator.vector} itself: {@link #availability()} first checks that the module is in the
 * boot layer and only then loads {@link SimdBackend} reflectively and asks for its vector width,
 * turning any failure into a reason. The thread count of the shared backend comes from the system
 * property {@value #THREADS_PROPERTY} (default: one per available processor).
 */
public final class SimdBackendProvider implements BackendProvider {

    /** System property: the number of threads of the backend {@link #create()} returns. */
    public static final String THREADS_PROPERTY = "descent.simd.threads";

    /** Narrower vectors than this gain nothing over the reference loop. */
    static final int MIN_VECTOR_BITS = 128;

    private static final String BACKEND_CLASS = "dev.descent.simd.SimdBackend";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static Backend shared; // guarded by SimdBackendProvider.class

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        try {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                return Availability.no("the Vector API module is not loaded: run the JVM with --add-modules "
                        + VECTOR_MODULE);
            }
            int bits = (int) backendMethod("vectorBitSize", MethodType.methodType(int.class)).invokeExact();
            if (bits < MIN_VECTOR_BITS) {
                return Availability.no(tooNarrow(bits));
            }
            configuredThreads();
            return Availability.yes();
        } catch (IllegalArgumentException e) {
            return Availability.no(e.getMessage());
        } catch (Throwable e) { // LinkageError, ExceptionInInitializerError, ...: whatever it is, say it
            return Availability.no("the Vector API failed to load: " + e
                    + (e.getCause() != null ? ", caused by " + e.getCause() : ""));
        }
    }

    /** The shared backend with the configured thread count; throws {@link IllegalStateException} when unavailable. */
    @Override
    public Backend create() {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("backend 'simd' is unavailable: " + a.reason());
        }
        synchronized (SimdBackendProvider.class) {
            if (shared == null) {
                try {
                    MethodHandle constructor = MethodHandles.lookup().findConstructor(Class.forName(BACKEND_CLASS),
                            MethodType.methodType(void.class, int.class));
                    shared = (Backend) constructor.invoke(configuredThreads());
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException("backend 'simd' could not be created: " + e, e);
                }
            }
            return shared;
        }
    }

    /**
     * The thread count of {@value #THREADS_PROPERTY}, or {@link Runtime#availableProcessors()} if it is
     * not set; throws {@link IllegalArgumentException} naming the property if it is not a positive integer.
     */
    static int configuredThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " = '" + value + "' is not a positive integer");
    }

    /** Why vectors of {@code bits} bits are not enough. */
    static String tooNarrow(int bits) {
        return "the preferred vectors of this CPU and JVM are " + bits + " bits wide; the SIMD backend needs "
                + MIN_VECTOR_BITS + " or more";
    }

    private static MethodHandle backendMethod(String name, MethodType type) throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(Class.forName(BACKEND_CLASS), name, type);
    }
}

package dev.descent.cuda;

import dev.descent.backend.Availability;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.Locale;

/**
 * The one probe of the CUDA driver, made lazily the first time anyone asks whether the backend can
 * run, and its result: the opened device, or the reason there is none. {@link CudaBackendProvider}
 * reaches it only inside a catch-all, so that nothing of JCuda is loaded before the probe and no
 * {@link LinkageError} (a missing JCuda jar, native library or driver) ever escapes to user code.
 *
 * <p>The probe, in order: the platform (JCuda's natives ship for linux-x86_64 only); the driver
 * library {@code libcuda.so.1}, looked up without JCuda; JCuda's native library; then
 * {@link JCudaDevice#open}: {@code cuInit}, the device ({@value #DEVICE_PROPERTY}, default 0), its
 * primary context and every kernel module. Only once all of that succeeded are JCuda's exceptions
 * turned on for the rest of the process.
 */
final class CudaRuntime {

    /** System property: the ordinal of the GPU to use (default 0). */
    static final String DEVICE_PROPERTY = "descent.cuda.device";

    /** The reason when the driver library is missing. */
    static final String NO_DRIVER = "no CUDA driver (libcuda.so.1 not found)";

    /**
     * The probe's result.
     *
     * @param availability whether the backend can run, and why not
     * @param device the opened device, or null
     */
    record Probe(Availability availability, Device device) {
    }

    private static volatile Probe probe;

    private CudaRuntime() {
    }

    /** The probe's result, probing on the first call. Never throws. */
    static Probe probe() {
        Probe p = probe;
        if (p == null) {
            synchronized (CudaRuntime.class) {
                p = probe;
                if (p == null) {
                    p = run();
                    probe = p;
                }
            }
        }
        return p;
    }

    private static Probe run() {
        try {
            String platform = System.getProperty("os.name", "?") + "/" + System.getProperty("os.arch", "?");
            if (!isLinuxX64()) {
                return unavailable("JCuda's native libraries are bundled for linux-x86_64 only; this is " + platform);
            }
            if (!driverPresent()) {
                return unavailable(NO_DRIVER);
            }
            int ordinal = deviceOrdinal();
            KernelImages images = KernelImages.load();
            JCudaDevice device;
            try {
                device = Driver.open(ordinal, images);
            } catch (JCudaDevice.UnavailableException e) {
                return unavailable(e.getMessage());
            }
            Driver.enableExceptions();
            return new Probe(Availability.yes(), device);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return unavailable(e.getMessage());
        } catch (LinkageError e) { // JCuda's jar or native library missing, or its library cannot load
            return unavailable("JCuda could not be loaded: " + e + (e.getCause() != null ? ", caused by " + e.getCause() : ""));
        } catch (Throwable e) { // whatever it is, it means "not here", said with the reason
            return unavailable("the CUDA probe failed: " + e + (e.getCause() != null ? ", caused by " + e.getCause() : ""));
        }
    }

    private static Probe unavailable(String reason) {
        return new Probe(Availability.no(reason == null || reason.isBlank() ? "the CUDA probe failed" : reason), null);
    }

    static boolean isLinuxX64() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /**
     * Whether the dynamic linker finds {@code libcuda.so.1}. Looked up with the FFM API rather than by
     * loading JCuda, whose failure would only say "cannot open shared object file" among other things.
     * If native access is denied to this code the lookup cannot tell, and JCuda's load will.
     */
    @SuppressWarnings("restricted") // Descent's JVMs run with --enable-native-access=ALL-UNNAMED
    private static boolean driverPresent() {
        try {
            SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        } catch (IllegalCallerException e) {
            return true;
        }
    }

    private static int deviceOrdinal() {
        String v = System.getProperty(DEVICE_PROPERTY);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            int ordinal = Integer.parseInt(v.trim());
            if (ordinal >= 0) {
                return ordinal;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(DEVICE_PROPERTY + " = '" + v + "' is not a device ordinal (0, 1, ...)");
    }

    /**
     * Every touch of JCuda's driver class, kept out of {@link CudaRuntime}'s own methods so that loading
     * and verifying {@code CudaRuntime} never loads JCuda: its classes are resolved only when these
     * methods run, inside {@link #run()}'s catch-all.
     */
    private static final class Driver {
        static JCudaDevice open(int ordinal, KernelImages images) throws JCudaDevice.UnavailableException {
            jcuda.driver.JCudaDriver.setExceptionsEnabled(false); // loads JCuda's native library; results are checked
            return JCudaDevice.open(ordinal, images);
        }

        static void enableExceptions() {
            jcuda.driver.JCudaDriver.setExceptionsEnabled(true);
        }
    }
}

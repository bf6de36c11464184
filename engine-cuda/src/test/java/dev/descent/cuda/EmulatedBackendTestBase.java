package dev.descent.cuda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One emulated device and a CUDA backend on it, shared by all the tests of a class: started before the
 * first test, closed after the last. Where the emulator cannot be built here {@link #device} stays
 * null, and each test skips itself with {@code assumeTrue(device != null, ...)} saying why.
 *
 * <p>The fields are static, as {@code @BeforeAll} requires, and so shared by every subclass: JUnit
 * runs the inherited start and stop around each subclass in turn, which holds because this module's
 * test classes run one at a time.
 */
abstract class EmulatedBackendTestBase {

    /** The class's device; null where there is no emulator. */
    static EmulatedDevice device;

    /** A backend on {@link #device}; null where there is no emulator. */
    static CudaBackend cuda;

    @BeforeAll
    static void startEmulatedDevice() {
        device = EmulatedDevice.start().orElse(null);
        if (device != null) {
            cuda = new CudaBackend(device);
        }
    }

    @AfterAll
    static void stopEmulatedDevice() {
        if (device != null) {
            device.close();
        }
    }
}

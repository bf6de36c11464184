package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Without the driver, loading JCuda's driver bindings fails with a {@link LinkageError} that a
 * catch-all can hold (the JVM lives on). The probe looks for {@code libcuda.so.1} first and never
 * gets this far on such a machine; this shows the second line of defence holds too.
 */
class JCudaLoadingTest {

    @Test
    void jcudaFailsToLoadCatchablyWithoutTheDriver() {
        assumeTrue(!ProviderTest.driverLibraryPresent(), "libcuda.so.1 is installed here");
        assumeTrue(CudaRuntime.isLinuxX64(), "JCuda's natives are for linux-x86_64");
        Throwable failure = null;
        try {
            Class.forName("jcuda.driver.JCudaDriver", true, JCudaLoadingTest.class.getClassLoader());
        } catch (Throwable t) {
            failure = t;
        }
        assertNotNull(failure, "JCuda loaded without libcuda.so.1");
        assertInstanceOf(LinkageError.class, failure, String.valueOf(failure));
        String message = failure + " " + failure.getCause();
        assertTrue(message.contains("libcuda.so.1") || message.contains("JCudaDriver"), message);
    }
}

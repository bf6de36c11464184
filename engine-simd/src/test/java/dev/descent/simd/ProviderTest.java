package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Availability;
import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Discovery and availability: what {@code descent backends} reports about the SIMD backend. */
class ProviderTest {

    @Test
    void theServiceLoaderFindsTheProviderAndItOutranksTheReference() {
        BackendProvider p = Backends.provider("simd");
        assertInstanceOf(SimdBackendProvider.class, p);
        assertEquals(10, p.priority());
        assertTrue(p.availability().available(), p.availability().reason());
        assertEquals("simd", Backends.providers().getFirst().name());
    }

    @Test
    void createReturnsOneSharedBackendWithTheConfiguredThreads() {
        SimdBackendProvider p = new SimdBackendProvider();
        SimdBackend b = assertInstanceOf(SimdBackend.class, p.create());
        assertSame(b, p.create());
        assertEquals(SimdBackendProvider.configuredThreads(), b.threads());
        assertTrue(SimdBackend.vectorBitSize() >= SimdBackendProvider.MIN_VECTOR_BITS);
    }

    @Test
    void aBadThreadCountMakesTheBackendUnavailableWithTheReason() {
        String saved = System.getProperty(SimdBackendProvider.THREADS_PROPERTY);
        try {
            for (String bad : List.of("zero", "0", "-2")) {
                System.setProperty(SimdBackendProvider.THREADS_PROPERTY, bad);
                Availability a = new SimdBackendProvider().availability();
                assertFalse(a.available());
                assertTrue(a.reason().contains(SimdBackendProvider.THREADS_PROPERTY) && a.reason().contains(bad),
                        a.reason());
                IllegalStateException e =
                        assertThrows(IllegalStateException.class, () -> new SimdBackendProvider().create());
                assertTrue(e.getMessage().contains(SimdBackendProvider.THREADS_PROPERTY), e.getMessage());
            }
            System.setProperty(SimdBackendProvider.THREADS_PROPERTY, " 3 ");
            assertEquals(3, SimdBackendProvider.configuredThreads());
        } finally {
            if (saved == null) {
                System.clearProperty(SimdBackendProvider.THREADS_PROPERTY);
            } else {
                System.setProperty(SimdBackendProvider.THREADS_PROPERTY, saved);
            }
        }
    }

    /** Without {@code --add-modules jdk.incubator.vector} the provider says so instead of failing. */
    @Test
    void withoutTheVectorModuleTheProviderIsUnavailableAndSaysWhy() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AvailabilityProbe.class.getName()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("available=false")
                && output.contains("run the JVM with --add-modules jdk.incubator.vector"), output);
    }

    /** Prints the SIMD provider's availability; run in a JVM without the Vector API module. */
    static final class AvailabilityProbe {
        public static void main(String[] args) {
            System.out.println(new SimdBackendProvider().availability());
        }
    }
}

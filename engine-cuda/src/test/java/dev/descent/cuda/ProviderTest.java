package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.Availability;
import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import org.junit.jupiter.api.Test;

/**
 * The provider is found by {@link java.util.ServiceLoader}, probes once, and on a machine without a
 * GPU says why without throwing: "no CUDA driver (libcuda.so.1 not found)" where the driver library is
 * missing, as on every build machine and in CI.
 */
class ProviderTest {

    @SuppressWarnings("restricted") // the test JVM runs with native access enabled
    static boolean driverLibraryPresent() {
        try {
            SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void registeredUnderItsNameBelowTheCpuBackends() {
        BackendProvider p = Backends.provider("cuda");
        assertEquals("cuda", p.name());
        assertEquals(5, p.priority()); // below simd's 10: best() must not pick a backend that cannot wrap host memory
        assertTrue(p.priority() > Backends.provider("reference").priority());
    }

    @Test
    void availabilityIsProbedOnceAndNeverThrows() {
        BackendProvider p = new CudaBackendProvider();
        Availability first = p.availability();
        assertSame(first, p.availability(), "the probe's answer is kept");
        assertSame(first, new CudaBackendProvider().availability(), "one probe per process");
        assertFalse(first.reason().isBlank());
    }

    @Test
    void withoutADriverItSaysSoAndCreateThrowsTheReason() {
        assumeTrue(!driverLibraryPresent(), "libcuda.so.1 is installed here");
        BackendProvider p = new CudaBackendProvider();
        Availability a = p.availability();
        assertFalse(a.available());
        assertEquals("no CUDA driver (libcuda.so.1 not found)", a.reason());
        IllegalStateException e = assertThrows(IllegalStateException.class, p::create);
        assertEquals("backend 'cuda' is unavailable: no CUDA driver (libcuda.so.1 not found)", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Backends.get("cuda"));
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
        assertFalse(Backends.available().stream().anyMatch(b -> b.name().equals("cuda")));
    }

    @Test
    void platformCheckKnowsLinuxX64() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        assertEquals(os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64")), CudaRuntime.isLinuxX64());
    }
}

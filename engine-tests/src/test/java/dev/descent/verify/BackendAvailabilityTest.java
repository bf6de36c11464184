package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Availability;
import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backend discovery. Surefire runs this class twice: with the Vector API module (simd available) and
 * without it ({@code descent.expectVectorModule=false}: simd must say it is unavailable and why,
 * without throwing, and the reference must still work).
 */
class BackendAvailabilityTest {

    private static final boolean VECTOR_MODULE = Boolean.parseBoolean(
            System.getProperty("descent.expectVectorModule", "true"));

    @Test
    void providersAreFoundWithServiceLoader() {
        List<String> names = Backends.providers().stream().map(BackendProvider::name).toList();
        assertTrue(names.contains("reference"), names.toString());
        assertTrue(names.contains("simd"), names.toString());
    }

    @Test
    void simdAvailabilityMatchesTheJvmFlags() {
        Availability a = Backends.provider("simd").availability();
        assertEquals(VECTOR_MODULE, a.available(), a.reason());
        if (!VECTOR_MODULE) {
            assertTrue(a.reason().contains("--add-modules jdk.incubator.vector"), a.reason());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.get("simd"));
            assertTrue(e.getMessage().contains("simd") && e.getMessage().contains("jdk.incubator.vector"), e.getMessage());
        }
    }

    @Test
    void referenceAlwaysRunsAndBestFallsBack() {
        assertTrue(Backends.provider("reference").availability().available());
        String best = Backends.best().name();
        assertEquals(VECTOR_MODULE ? "simd" : "reference", best);
    }

    @Test
    void unknownBackendNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get("tpu"));
        assertTrue(e.getMessage().contains("tpu") && e.getMessage().contains("reference"), e.getMessage());
    }

    @Test
    void forcedBackendIsHonoured() {
        String old = System.getProperty(Backends.FORCE_PROPERTY);
        try {
            System.setProperty(Backends.FORCE_PROPERTY, "reference");
            assertEquals("reference", Backends.best().name());
            System.setProperty(Backends.FORCE_PROPERTY, "nope");
            assertThrows(IllegalArgumentException.class, Backends::best);
        } finally {
            if (old == null) {
                System.clearProperty(Backends.FORCE_PROPERTY);
            } else {
                System.setProperty(Backends.FORCE_PROPERTY, old);
            }
        }
        assertFalse(Backends.available().isEmpty());
    }
}

package dev.descent.verify;

import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import dev.descent.reference.ReferenceBackend;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The backends the suite runs against: every registered provider; unavailable ones are skipped with their reason. */
final class BackendsUnderTest {
    private BackendsUnderTest() {
    }

    static Stream<String> names() {
        return Backends.providers().stream().map(BackendProvider::name);
    }

    static Stream<String> nonReferenceNames() {
        return names().filter(n -> !n.equals(ReferenceBackend.NAME));
    }

    /** The backend called {@code name}, or a skipped test naming why it cannot run here. */
    static Backend require(String name) {
        BackendProvider p = Backends.provider(name);
        var a = p.availability();
        Assumptions.assumeTrue(a.available(), () -> "backend '" + name + "' unavailable: " + a.reason());
        return p.create();
    }

    static Backend reference() {
        return Backends.get(ReferenceBackend.NAME);
    }

    static List<String> all() {
        return names().toList();
    }
}

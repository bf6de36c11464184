package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.testing.NetworkCases;
import org.junit.jupiter.api.Test;

class VerifyCommandTest {

    @Test
    void everyOptimizerGetsARowPerNonReferenceBackend() {
        long others = Backends.available().stream().map(Backend::name).filter(n -> !n.equals("reference")).count();
        assumeTrue(others > 0, "only the reference backend runs here");
        CliRun r = CliRun.of("verify", "--seed", "11");
        assertEquals(Main.OK, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("seed 11: comparing "), r.out());
        for (String optimizer : OptimizerSpecs.names()) {
            assertEquals(others, r.out().lines().filter(l -> l.startsWith(optimizer + " ") && l.contains(" PASS")).count(),
                    optimizer + ":\n" + r.out());
        }
        assertTrue(r.out().contains("all " + OptimizerSpecs.names().size() * others + " optimizer/backend pairs passed"),
                r.out());
        for (String kernel : NetworkCases.KERNELS) {
            assertEquals(others, r.out().lines().filter(l -> l.startsWith(kernel + " ") && l.contains(" PASS")).count(),
                    kernel + ":\n" + r.out());
        }
        assertTrue(r.out().contains("all " + NetworkCases.KERNELS.size() * others + " network kernel/backend pairs passed"),
                r.out());
    }

    @Test
    void anUnavailableOrUnknownBackendIsOneLine() {
        CliRun r = CliRun.of("verify", "--backend", "reference,nosuch");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("unknown backend 'nosuch'"), r.err());
    }
}

package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PyTorch trace (copied from {@code ../shared/traces} into the test resources) replays on every
 * available backend within the tolerance the trace states (rtol 1e-5, atol 1e-6 in the shipped ones:
 * torch's float32 CPU ops and ours may round a few ulps apart, e.g. where torch's vector path fuses a
 * multiply-add, and 25 steps let that grow a little).
 */
class TraceReplayTest {

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(TraceReplayTest.class.getResource("/traces").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= 18, "expected the shipped traces, found " + files);
        return files.stream().flatMap(f -> BackendsUnderTest.names().map(b -> Arguments.of(f.getFileName().toString(), b, f)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void replayPasses(String label, String backendName, Path file) throws Exception {
        Backend backend = BackendsUnderTest.require(backendName);
        Trace trace = TraceReader.read(file);
        ReplayResult r = TraceReplay.replay(trace, backend);
        assertTrue(r.passed(), () -> label + " on " + backendName + ": worst normalized error " + r.worstError()
                + " at step " + r.worstStep() + ", element " + r.worstIndex());
    }
}

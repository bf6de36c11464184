package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.backend.Backend;
import dev.descent.testing.CheckpointResume;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bit-exact resume from a checkpoint ({@link CheckpointResume}) for every optimizer and hyper-parameter
 * case on every available backend: no tolerance, the resumed run must equal the uninterrupted one bit for
 * bit, since it runs the same float32 operations on the same bytes (the state travels device → file →
 * device as raw float32). The CUDA emulator runs the same check in engine-cuda
 * ({@code EmulatedCheckpointTest}); on a machine with a GPU this class checks the real device.
 */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return BackendsUnderTest.names().flatMap(b -> HyperCases.all().stream().map(c -> Arguments.of(b, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aResumedRunEqualsTheUninterruptedOneBitForBit(String backendName, HyperCase c) {
        Backend backend = BackendsUnderTest.require(backendName);
        assertEquals(Optional.empty(), CheckpointResume.mismatch(backend, c, dir), c + " on " + backendName);
    }
}
